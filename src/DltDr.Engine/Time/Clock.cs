using System;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Time
{
    /// <summary>
    /// The one time source of the engine: every wait, poll, pace, deadline and timeout reads it.
    /// Its shape is .NET's <c>TimeProvider</c> (now, a monotonic timestamp, one-shot timers), so a
    /// test adapts a <c>TimeProvider</c> (a fake one, shared with the emulator) in a few lines. It is
    /// our own type rather than Microsoft.Bcl.TimeProvider because that package, on netstandard2.0,
    /// depends on Microsoft.Bcl.AsyncInterfaces 8.0, which Az.Accounts also ships (through
    /// Azure.Core) at a version of its own: in Windows PowerShell 5.1 both load into one AppDomain
    /// and whichever comes second fails to load.
    /// </summary>
    public abstract class Clock
    {
        /// <summary>The machine's clock: wall time, Stopwatch timestamps and thread-pool timers.</summary>
        public static Clock System { get; } = new SystemClock();

        /// <summary>The current time, in UTC.</summary>
        public abstract DateTimeOffset UtcNow { get; }

        /// <summary>A monotonic count of <see cref="TimestampFrequency"/> ticks per second, for measuring spans.</summary>
        public abstract long GetTimestamp();

        /// <summary>Ticks of <see cref="GetTimestamp"/> per second.</summary>
        public abstract long TimestampFrequency { get; }

        /// <summary>
        /// Calls <paramref name="callback"/> once, <paramref name="due"/> from now; disposing the
        /// answer before then cancels it. The callback may run on any thread.
        /// </summary>
        public abstract IDisposable StartTimer(TimeSpan due, Action callback);

        /// <summary>The time since <paramref name="startTimestamp"/> (from <see cref="GetTimestamp"/>).</summary>
        public TimeSpan GetElapsedTime(long startTimestamp)
            => TimeSpan.FromTicks((long)((GetTimestamp() - startTimestamp) * ((double)TimeSpan.TicksPerSecond / TimestampFrequency)));

        /// <summary>A running measurement of elapsed time on this clock.</summary>
        public ClockWatch StartWatch() => new ClockWatch(this, GetTimestamp());

        /// <summary>
        /// Completes after <paramref name="delay"/> on this clock, or is cancelled. The waiter
        /// continues on the thread that fires the timer, so a test clock knows when it has moved on.
        /// </summary>
        public virtual Task Delay(TimeSpan delay, CancellationToken cancel)
        {
            if (cancel.IsCancellationRequested) return Task.FromCanceled(cancel);
            if (delay <= TimeSpan.Zero) return Task.CompletedTask;
            return new DelayState(this, delay, cancel).Task;
        }

        /// <summary>
        /// A token source linked to <paramref name="linked"/> that this clock cancels after
        /// <paramref name="timeout"/>: a timeout measured on this clock. Dispose it when done.
        /// </summary>
        public TimeoutSource Timeout(TimeSpan timeout, CancellationToken linked) => new TimeoutSource(this, timeout, linked);
    }
}
