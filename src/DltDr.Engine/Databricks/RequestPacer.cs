using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Time;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Paces one workspace's calls under its request limits, per endpoint class: each call reserves
    /// the next free slot (a cell-rate schedule after a burst), so hundreds of pairs queue
    /// instead of drawing 429s. A 429 slows its class (to 70% of its pace, or to a first guess for a
    /// class without a documented limit) and holds the class for the Retry-After; answers without
    /// one bring it back up step by step.
    /// </summary>
    public sealed class RequestPacer
    {
        /// <summary>The share of a documented limit paced at: room for clock skew and other clients of the workspace.</summary>
        public const double Headroom = 0.9;

        /// <summary>The share of a second's worth of the documented limit that may go at once.</summary>
        public const double BurstShare = 0.5;

        /// <summary>Where a class without a documented limit starts once the service answered it 429.</summary>
        public const double FirstGuessPerSecond = 10;

        private readonly object _sync = new object();
        private readonly Dictionary<string, Pace> _classes = new Dictionary<string, Pace>(StringComparer.Ordinal);
        private readonly Clock _clock;

        public RequestPacer(Clock clock) => _clock = clock;

        /// <summary>
        /// Waits for the call's slot in its class (the next free one, after a burst); at once for a class that is not paced.
        /// </summary>
        public async Task WaitAsync(DatabricksRequest request, CancellationToken cancel)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            while (true)
            {
                TimeSpan wait;
                lock (_sync)
                {
                    var pace = PaceOf(name, documented);
                    if (pace.PerSecond == null) return;
                    var now = _clock.UtcNow;
                    var interval = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / pace.PerSecond.Value));
                    // The service's bucket holds a second's worth, but what an earlier command or
                    // another client took from it is not known here: a burst of half of it, then
                    // one per interval. (80% drew 429s from commands run back to back.)
                    var tolerance = TimeSpan.FromTicks(interval.Ticks * Math.Max(0,
                        (long)(pace.PerSecond.Value / Headroom * BurstShare) - 1));
                    var due = Max(pace.Next, now);
                    var start = Max(Max(now, due - tolerance), pace.HeldUntil);
                    pace.Next = Max(due, start) + interval;
                    wait = start - now;
                }
                if (wait <= TimeSpan.Zero) return;
                await _clock.Delay(wait, cancel).ConfigureAwait(false);
                lock (_sync)
                {
                    // Held by a 429 that came while this call waited: wait for the hold too.
                    if (PaceOf(name, documented).HeldUntil <= _clock.UtcNow) return;
                }
            }
        }

        /// <summary>The service answered 429: slow the class and hold it until <paramref name="retryAfter"/> has passed.</summary>
        /// <returns>The pace the class is slowed to, per second.</returns>
        public double Throttled(DatabricksRequest request, TimeSpan? retryAfter)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            lock (_sync)
            {
                var pace = PaceOf(name, documented);
                pace.PerSecond = pace.PerSecond == null ? FirstGuessPerSecond : Math.Max(pace.Floor, pace.PerSecond.Value * 0.7);
                var until = _clock.UtcNow + (retryAfter ?? TimeSpan.FromSeconds(1));
                if (until > pace.HeldUntil) pace.HeldUntil = until;
                pace.Next = Max(pace.Next, pace.HeldUntil);
                return pace.PerSecond.Value;
            }
        }

        /// <summary>An answer that was not a 429: a slowed class regains a little of its pace.</summary>
        public void Answered(DatabricksRequest request)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            lock (_sync)
            {
                var pace = PaceOf(name, documented);
                if (pace.PerSecond != null && pace.PerSecond < pace.Ceiling) pace.PerSecond = Math.Min(pace.Ceiling,
                    pace.PerSecond.Value + pace.Ceiling * 0.02);
            }
        }

        /// <summary>The class's current pace per second; null while it is not paced.</summary>
        public double? PaceOf(DatabricksRequest request)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            lock (_sync) return PaceOf(name, documented).PerSecond;
        }

        private Pace PaceOf(string name, double? documented)
        {
            if (!_classes.TryGetValue(name, out var pace))
            {
                var start = documented * Headroom;
                _classes[name] = pace = new Pace(start, start ?? FirstGuessPerSecond, _clock.UtcNow);
            }
            return pace;
        }

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

        private sealed class Pace
        {
            public Pace(double? perSecond, double ceiling, DateTimeOffset now)
            {
                PerSecond = perSecond;
                Ceiling = ceiling;
                Next = now;
                HeldUntil = now;
            }

            /// <summary>Calls per second now; null: not paced.</summary>
            public double? PerSecond { get; set; }

            /// <summary>The most it climbs back to: its documented pace, or the first guess.</summary>
            public double Ceiling { get; }

            /// <summary>The least it is slowed to: one call every two seconds.</summary>
            public double Floor => 0.5;

            /// <summary>When the next slot after those reserved is free.</summary>
            public DateTimeOffset Next { get; set; }

            /// <summary>No call of the class goes before this (a 429's Retry-After).</summary>
            public DateTimeOffset HeldUntil { get; set; }
        }
    }
}
