using System;
using DltDr.Engine.Time;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>The engine's <see cref="Clock"/> over a .NET <see cref="TimeProvider"/> (a test's virtual time, or a FakeTimeProvider).</summary>
    public sealed class TimeProviderClock : Clock
    {
        private readonly TimeProvider _time;

        public TimeProviderClock(TimeProvider time) => _time = time;

        public override DateTimeOffset UtcNow => _time.GetUtcNow();

        public override long GetTimestamp() => _time.GetTimestamp();

        public override long TimestampFrequency => _time.TimestampFrequency;

        public override IDisposable StartTimer(TimeSpan due, Action callback)
            => _time.CreateTimer(_ => callback(), null, due, global::System.Threading.Timeout.InfiniteTimeSpan);
    }
}
