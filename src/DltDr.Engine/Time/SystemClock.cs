using System;
using System.Diagnostics;
using System.Threading;

namespace DltDr.Engine.Time
{
    /// <summary>The machine's clock: <see cref="DateTimeOffset.UtcNow"/>, <see cref="Stopwatch"/> and thread-pool timers.</summary>
    internal sealed class SystemClock : Clock
    {
        public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public override long GetTimestamp() => Stopwatch.GetTimestamp();

        public override long TimestampFrequency => Stopwatch.Frequency;

        public override IDisposable StartTimer(TimeSpan due, Action callback)
        {
            var ms = Math.Max(0, Math.Min(due.TotalMilliseconds, int.MaxValue - 1));
            return new Timer(_ => callback(), null, (long)ms, global::System.Threading.Timeout.Infinite);
        }
    }
}
