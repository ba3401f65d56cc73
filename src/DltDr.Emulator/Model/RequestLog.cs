using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace DltDr.Emulator.Model
{
    /// <summary>The requests one workspace received, in order; thread-safe.</summary>
    public sealed class RequestLog
    {
        private const int Capacity = 100_000;
        private readonly object _sync = new object();
        private readonly List<RequestLogEntry> _entries = new List<RequestLogEntry>();
        private long _sequence;
        private long _handled;

        /// <summary>The next number in the order requests are applied in; called under the simulation's lock.</summary>
        public long NextHandled() => Interlocked.Increment(ref _handled);

        public RequestLogEntry Add(RequestLogEntry entry)
        {
            lock (_sync)
            {
                entry.Sequence = ++_sequence;
                if (_entries.Count >= Capacity) _entries.RemoveAt(0);
                _entries.Add(entry);
                return entry;
            }
        }

        public IReadOnlyList<RequestLogEntry> Entries { get { lock (_sync) return _entries.ToList(); } }

        public IReadOnlyList<RequestLogEntry> Since(long sequence) { lock (_sync) return _entries.Where(e
            => e.Sequence > sequence).ToList(); }

        public long LastSequence { get { lock (_sync) return _sequence; } }

        public int WriteCount { get { lock (_sync) return _entries.Count(e => e.IsWrite); } }

        public void Clear() { lock (_sync) _entries.Clear(); }
    }
}
