using System;

namespace DltDr.Emulator.Simulation
{
    /// <summary>
    /// The emulator's virtual time, read from a <see cref="TimeProvider"/>: the machine's clock by
    /// default, or one a test shares with the module under test. Scaled mode runs it faster than
    /// its source (scale 1000 turns seconds into milliseconds); manual mode (scale 0) only moves
    /// when advanced, so tests of a nightly schedule are both fast and deterministic. Thread-safe.
    /// </summary>
    public sealed class EmulatorClock
    {
        private readonly object _sync = new object();
        private readonly TimeProvider _source;
        private readonly DateTimeOffset _origin;
        private TimeSpan _offset;
        private double _scale;
        private long _sourceAtScaleChange;
        private TimeSpan _virtualAtScaleChange;

        public EmulatorClock(DateTimeOffset origin, double scale, TimeProvider? source = null)
        {
            if (scale < 0) throw new ArgumentOutOfRangeException(nameof(scale), "The clock scale cannot be negative.");
            _source = source ?? TimeProvider.System;
            _origin = origin;
            _scale = scale;
            _sourceAtScaleChange = _source.GetTimestamp();
        }

        /// <summary>The time source the clock follows.</summary>
        public TimeProvider Source => _source;

        /// <summary>How many virtual seconds pass per second of the source; 0 means the clock only moves when advanced.</summary>
        public double Scale
        {
            get { lock (_sync) return _scale; }
            set
            {
                if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), "The clock scale cannot be negative.");
                lock (_sync)
                {
                    _virtualAtScaleChange = VirtualElapsedLocked();
                    _sourceAtScaleChange = _source.GetTimestamp();
                    _scale = value;
                }
            }
        }

        public DateTimeOffset Now
        {
            get { lock (_sync) return _origin + VirtualElapsedLocked() + _offset; }
        }

        public long NowMs => Now.ToUnixTimeMilliseconds();

        /// <summary>Moves virtual time forward; the caller runs what fell due (see <see cref="Scheduler"/>).</summary>
        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
            lock (_sync) _offset += by;
        }

        /// <summary>The time of the source it takes for <paramref name="virtualSpan"/> to pass, or null when the clock is manual.</summary>
        public TimeSpan? SourceTimeFor(TimeSpan virtualSpan)
        {
            lock (_sync)
            {
                if (_scale <= 0) return null;
                return TimeSpan.FromTicks((long)(virtualSpan.Ticks / _scale));
            }
        }

        private TimeSpan VirtualElapsedLocked()
            => _virtualAtScaleChange + TimeSpan.FromTicks((long)(_source.GetElapsedTime(_sourceAtScaleChange).Ticks * _scale));
    }
}
