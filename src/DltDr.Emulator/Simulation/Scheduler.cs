using System;
using System.Collections.Generic;

namespace DltDr.Emulator.Simulation
{
    /// <summary>
    /// Discrete events on virtual time: state transitions of updates and runs, cron firings.
    /// Not thread-safe by itself: the emulator runs it under its single state lock, and each event
    /// runs at its own due time so timestamps are exact whatever the clock's speed.
    /// </summary>
    public sealed class Scheduler
    {
        private readonly SortedSet<Entry> _queue = new SortedSet<Entry>();
        private long _sequence;

        public int Count => _queue.Count;

        public DateTimeOffset? NextDue => _queue.Count == 0 ? (DateTimeOffset?)null : _queue.Min!.Due;

        public void At(DateTimeOffset due, Action<DateTimeOffset> action)
            => _queue.Add(new Entry(due, _sequence++, action));

        /// <summary>
        /// Runs, in time order, every event due at or before <paramref name="now"/>, including those the events schedule.
        /// </summary>
        public int RunDue(DateTimeOffset now)
        {
            var ran = 0;
            while (_queue.Count > 0 && _queue.Min!.Due <= now)
            {
                var next = _queue.Min;
                _queue.Remove(next);
                next.Action(next.Due);
                ran++;
            }
            return ran;
        }

        private sealed class Entry : IComparable<Entry>
        {
            public Entry(DateTimeOffset due, long sequence, Action<DateTimeOffset> action)
            {
                Due = due;
                Sequence = sequence;
                Action = action;
            }

            public DateTimeOffset Due { get; }
            public long Sequence { get; }
            public Action<DateTimeOffset> Action { get; }

            public int CompareTo(Entry? other)
            {
                if (other == null) return 1;
                var c = Due.CompareTo(other.Due);
                return c != 0 ? c : Sequence.CompareTo(other.Sequence);
            }
        }
    }
}
