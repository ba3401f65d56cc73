using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Time;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// A clock for one flow of waits tested alone: each wait completes at once and moves the time on by
    /// as much, and is recorded; timers (timeouts) never fire. For code with one thing going at a time.
    /// </summary>
    public sealed class SteppingClock : Clock
    {
        private readonly object _sync = new object();
        private DateTimeOffset _now;

        public SteppingClock(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

        /// <summary>Every wait asked for, in order.</summary>
        public List<TimeSpan> Waits { get; } = new List<TimeSpan>();

        public override DateTimeOffset UtcNow
        {
            get { lock (_sync) return _now; }
        }

        public override long GetTimestamp()
        {
            lock (_sync) return _now.UtcTicks;
        }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override IDisposable StartTimer(TimeSpan due, Action callback) => new NoTimer();

        public override Task Delay(TimeSpan delay, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            lock (_sync)
            {
                Waits.Add(delay);
                if (delay > TimeSpan.Zero) _now += delay;
            }
            return Task.CompletedTask;
        }

        /// <summary>Moves the time on without a wait.</summary>
        public void Advance(TimeSpan by)
        {
            lock (_sync) _now += by;
        }

        private sealed class NoTimer : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    /// <summary>Another clock whose waits are recorded as they are asked for.</summary>
    public sealed class RecordingClock : Clock
    {
        private readonly Clock _inner;

        public RecordingClock(Clock inner) => _inner = inner;

        public List<TimeSpan> Waits { get; } = new List<TimeSpan>();

        public override DateTimeOffset UtcNow => _inner.UtcNow;

        public override long GetTimestamp() => _inner.GetTimestamp();

        public override long TimestampFrequency => _inner.TimestampFrequency;

        public override IDisposable StartTimer(TimeSpan due, Action callback) => _inner.StartTimer(due, callback);

        public override Task Delay(TimeSpan delay, CancellationToken cancel)
        {
            lock (Waits) Waits.Add(delay);
            return _inner.Delay(delay, cancel);
        }
    }
}
