using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Databricks;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// A discrete-event simulation of one endpoint class: calls that all want to go at once (at most
    /// <see cref="Concurrency"/> in flight, as -ThrottleLimit bounds a command), paced by a
    /// <see cref="EndpointClassPace"/>, sent to a service that holds a limit the pace may not know (a token
    /// bucket of a second's worth) and may refuse a share of calls whatever the pace. A refused call
    /// waits its Retry-After and goes again through the pace, as the transport does. Time is
    /// simulated: a run of minutes takes milliseconds and comes out the same every time.
    /// </summary>
    internal sealed class PacingSimulation
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        /// <summary>The figure the pace is told (null: none documented).</summary>
        public double? Documented { get; set; }

        /// <summary>What the service allows a second (null: no limit).</summary>
        public double? Limit { get; set; }

        /// <summary>The share of calls the service refuses whatever the pace, with Retry-After 1.</summary>
        public double Noise { get; set; }

        /// <summary>The tokens the service's bucket holds at the start, as a share of a second's worth (another client took the rest).</summary>
        public double BucketAtStart { get; set; } = 1;

        /// <summary>Calls that come a few a second (as the steps before them end) instead of all at once.</summary>
        public double? ArrivalsPerSecond { get; set; }

        /// <summary>With <see cref="ArrivalsPerSecond"/>: after this many calls, none come for <see cref="LullSeconds"/> (the steps before wait on another workspace).</summary>
        public int LullAfter { get; set; } = int.MaxValue;

        public double LullSeconds { get; set; }

        /// <summary>With <see cref="ArrivalsPerSecond"/>: this many calls come at once at the start, the rest after them.</summary>
        public int BurstAtStart { get; set; }

        public double LatencySeconds { get; set; } = 0.1;
        public int Concurrency { get; set; } = 256;
        public int Seed { get; set; } = 7;

        /// <summary>Runs <paramref name="calls"/> calls to the end.</summary>
        public Outcome Run(int calls)
        {
            var pace = new EndpointClassPace(Documented, RequestPacer.Headroom, RequestPacer.BurstSeconds, Start);
            var random = new Random(Seed);
            var events = new PriorityQueue<Action, (double, long)>();
            long order = 0;
            var now = 0.0;
            void At(double t, Action a) => events.Enqueue(a, (t, order++));
            DateTimeOffset Time(double t) => Start + TimeSpan.FromSeconds(t);

            var tokens = (Limit ?? 0) * BucketAtStart;
            var bucketAt = 0.0;
            var outcome = new Outcome();
            var started = 0;
            var done = 0;

            void Ready(double t)
            {
                var go = (pace.Reserve(Time(t), out var epoch) - Start).TotalSeconds;
                if (go <= t) Send(t);
                else At(go, () => Send(now, epoch));
            }

            void Send(double t, int? epoch = null)
            {
                // The pace changed or the class is held since the slot was reserved: reserve again, as the pacer does.
                if (epoch != null && !pace.StillValid(epoch.Value, Time(t)))
                {
                    Ready(t);
                    return;
                }
                var sent = t;
                var arrive = t + LatencySeconds / 2;
                At(arrive, () =>
                {
                    var (refused, retryAfter) = Serve(now);
                    At(now + LatencySeconds / 2, () =>
                    {
                        if (!refused)
                        {
                            pace.Answered(Time(sent), Time(now));
                            outcome.Answers.Add(now);
                            done++;
                            if (started < calls && ArrivalsPerSecond == null) Begin(now);
                            if (done == calls) outcome.Seconds = now;
                            return;
                        }
                        var v = pace.Refused(Time(sent), Time(now), TimeSpan.FromSeconds(retryAfter));
                        outcome.Refusals.Add((now, v.Cause));
                        At(now + retryAfter, () => Ready(now));
                    });
                });
            }

            (bool Refused, double RetryAfter) Serve(double t)
            {
                if (Limit is double l)
                {
                    tokens = Math.Min(l, tokens + (t - bucketAt) * l);
                    bucketAt = t;
                    if (tokens < 1) return (true, Math.Max(1, Math.Ceiling((1 - tokens) / l)));
                }
                if (Noise > 0 && random.NextDouble() < Noise) return (true, 1);
                if (Limit != null) tokens -= 1;
                return (false, 0);
            }

            void Begin(double t)
            {
                started++;
                Ready(t);
            }

            if (ArrivalsPerSecond is double rate)
            {
                for (var i = 0; i < calls; i++)
                {
                    var at = i < BurstAtStart ? 0 : (i - BurstAtStart) / rate + (i >= LullAfter ? LullSeconds : 0);
                    At(at, () => Begin(now));
                }
            }
            else
            {
                for (var i = 0; i < Math.Min(Concurrency, calls); i++) Begin(0);
            }
            while (events.TryDequeue(out var next, out var key))
            {
                now = key.Item1;
                next();
                outcome.Paces.Add((now, pace.PerSecond));
            }
            outcome.FinalPace = pace.PerSecond;
            outcome.Learned = pace.Learned;
            return outcome;
        }

        public sealed class Outcome
        {
            public double Seconds { get; set; }
            public double? FinalPace { get; set; }
            public double? Learned { get; set; }
            public List<double> Answers { get; } = new List<double>();
            public List<(double At, PaceCause Cause)> Refusals { get; } = new List<(double, PaceCause)>();
            public List<(double At, double? PerSecond)> Paces { get; } = new List<(double, double?)>();

            /// <summary>Refusals in the second half of the run: after the pace has had time to settle.</summary>
            public int RefusedLate() => Refusals.Count(r => r.At > Seconds / 2);

            public override string ToString()
                => $"{Seconds:0.00} s, {Refusals.Count} refused ({string.Join(", ", Refusals.GroupBy(r => r.Cause).Select(g => $"{g.Key} {g.Count()}"))}), "
                    + $"final pace {FinalPace:0.##}, learned {Learned:0.##}";
        }
    }
}
