using System;

namespace DltDr.Engine.Time
{
    /// <summary>Elapsed time on a <see cref="Clock"/> since the watch was started.</summary>
    public readonly struct ClockWatch
    {
        private readonly Clock _clock;
        private readonly long _start;

        internal ClockWatch(Clock clock, long start)
        {
            _clock = clock;
            _start = start;
        }

        public TimeSpan Elapsed => _clock == null ? TimeSpan.Zero : _clock.GetElapsedTime(_start);
    }
}
