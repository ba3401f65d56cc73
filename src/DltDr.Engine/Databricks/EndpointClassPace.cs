using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// The pace of one endpoint class of one workspace, learnt from what the service answers: a
    /// cell-rate schedule (a small burst, then one call per interval) whose rate comes from the rate
    /// the service was seen to accept, not from a fixed cut. Each 429 is judged on the calls of the
    /// last seconds:
    /// <list type="bullet">
    /// <item>most of them refused: the workspace's limit. The pace goes under the rate it let
    /// through (the lowest such rate seen: memory, so it does not climb back into the limit), and
    /// the class is held for the Retry-After so the calls queued behind do not meet it too. Unless
    /// that rate cannot be the limit: the class sent hardly more than got through (its calls came a
    /// few at a time), or the workspace let far more through within one second not long ago;</item>
    /// <item>a few refused: a little over the limit, or noise (a busy region refusing a share of
    /// calls whatever the pace). The pace is cut once and watched: if the next calls are refused at
    /// the same share, slowing down did not cure it, so it is noise: the pace goes back, and 429s at
    /// that share then cost only the call that met one its Retry-After. If they are not, the cut
    /// pace is kept as the limit learnt. A class that never met a limit (none documented or learnt)
    /// is never cut under the first guess, and goes back to not paced either way.</item>
    /// </list>
    /// A 429 for a call sent before the last decision says nothing about the pace decided, and a
    /// handful of calls is too few to judge: both cost only their own Retry-After. Pure and
    /// synchronous (times come in as arguments), so it is tested as a simulation.
    /// </summary>
    public sealed class EndpointClassPace
    {
        /// <summary>The calls judged on: those sent this recently.</summary>
        public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

        /// <summary>The calls a rate is measured over: a slow limit needs longer to show.</summary>
        public static readonly TimeSpan Memory = TimeSpan.FromSeconds(10);

        /// <summary>A share of refusals this high among the calls judged on is the limit, not noise.</summary>
        public const double LimitShare = 0.3;

        /// <summary>Fewer calls than this are too few to judge a 429 on.</summary>
        public const int Sample = 8;

        /// <summary>
        /// The fewest calls a share of refusals is judged on: the last <see cref="Window"/>, or, when
        /// fewer went in it (calls trickling in as the steps before them end), the last this many of
        /// <see cref="Memory"/>. Eight calls of a trickle, two of them refused by chance, looked like a
        /// limit at 25%: 20 calls with six refused by 10% noise happen about once in a hundred judgements.
        /// </summary>
        public const int JudgedCalls = 20;

        /// <summary>
        /// Calls sent after a cut that tell whether it cured the refusals: none refused among them
        /// (the first <see cref="Sample"/> aside, while the service's bucket refills) and it did. At
        /// least this many, and as many as make no refusal among them unlikely (under 1%) if the share
        /// refused before the cut were noise (see <see cref="ProbationFor"/>).
        /// </summary>
        public const int Probation = 30;

        /// <summary>
        /// The probation after a cut taken at <paramref name="share"/> refused: with 10% noise, 30 calls
        /// pass without a refusal one time in twenty-five, and the cut would be kept as a limit learnt.
        /// </summary>
        public static int ProbationFor(double share)
            => Math.Max(Probation, Sample + (int)Math.Ceiling(Math.Log(0.01) / Math.Log(1 - Math.Max(0.05, Math.Min(share, 0.5)))));

        /// <summary>The pace set is this share of the rate the service let through while it refused calls.</summary>
        public const double UnderAccepted = 0.9;

        /// <summary>How long the most calls let through within one second is remembered.</summary>
        public static readonly TimeSpan PeakMemory = TimeSpan.FromSeconds(60);

        /// <summary>A rate measured under this share of the most let through within a second is not the limit.</summary>
        public const double PeakShare = 0.4;

        /// <summary>A limit shows as calls sent at this many times the rate let through, or more.</summary>
        public const double HeldBack = 1.5;

        /// <summary>A cut on probation takes the pace to this share of what was sent.</summary>
        public const double ProbeCut = 0.85;

        /// <summary>Without a refusal for this long, a slowed pace climbs back (a fifth of its target a second).</summary>
        public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

        /// <summary>Where a class without a documented figure starts when too few calls went through to measure a rate.</summary>
        public const double FirstGuessPerSecond = 10;

        /// <summary>
        /// A class that sent nothing for this long was not held back by the limit (a Retry-After of a
        /// second and the round trip are shorter): its rate is not measured over such a gap.
        /// </summary>
        public static readonly TimeSpan IdleGap = TimeSpan.FromSeconds(1.5);

        /// <summary>The least pace: one call every two seconds.</summary>
        public const double MinPerSecond = 0.5;

        private readonly Queue<(DateTimeOffset Sent, bool Refused)> _outcomes = new Queue<(DateTimeOffset, bool)>();
        private readonly Queue<DateTimeOffset> _accepted = new Queue<DateTimeOffset>();
        private DateTimeOffset _decidedAt = DateTimeOffset.MinValue;
        private DateTimeOffset _measureFrom = DateTimeOffset.MinValue;
        private DateTimeOffset _lastRefusal = DateTimeOffset.MinValue;
        private DateTimeOffset _lastRise = DateTimeOffset.MinValue;
        private bool _probing;
        private double? _paceBeforeCut;
        private double _shareBeforeCut;
        private int _sentSinceCut;

        /// <param name="documented">Calls a second the service documents for the class, or null.</param>
        /// <param name="headroom">The share of a documented figure paced at.</param>
        /// <param name="burstSeconds">A burst of this many seconds' worth of the pace may go at once.</param>
        public EndpointClassPace(double? documented, double headroom, double burstSeconds, DateTimeOffset now)
        {
            Ceiling = documented * headroom;
            PerSecond = Ceiling;
            BurstSeconds = burstSeconds;
            Next = now;
            HeldUntil = now;
        }

        /// <summary>Calls per second now; null while the class is not paced (no documented figure and no refusal yet).</summary>
        public double? PerSecond { get; private set; }

        /// <summary>The most it is paced at: the share of the documented figure, or none for a class without one.</summary>
        public double? Ceiling { get; }

        public double BurstSeconds { get; }

        /// <summary>The limit as learnt: the rate the service let through while refusing most calls, or a cut that cured.</summary>
        public double? Learned { get; private set; }

        /// <summary>No limit is documented for the class, and none was learnt: a pace it has is a probe's, not a limit's.</summary>
        private bool NeverLimited => Ceiling == null && Learned == null;

        /// <summary>The share of calls refused whatever the pace, once refusals were judged noise; null until then.</summary>
        public double? Noise { get; private set; }

        /// <summary>When the next slot after those reserved is free.</summary>
        public DateTimeOffset Next { get; private set; }

        /// <summary>No call of the class goes before this (a refusal for the limit and its Retry-After).</summary>
        public DateTimeOffset HeldUntil { get; private set; }

        /// <summary>Counts the decisions that changed the pace or held the class: a slot reserved before one is reserved again.</summary>
        public int Epoch { get; private set; }

        /// <summary>
        /// Reserves the next slot for a call: when it may go (now or later). Slots are handed out in
        /// turn at the pace of the moment; a call that waits for its slot checks, when it comes,
        /// that the pace has not changed since (<see cref="StillValid"/>), or reserves again.
        /// </summary>
        public DateTimeOffset Reserve(DateTimeOffset now, out int epoch)
        {
            epoch = Epoch;
            if (PerSecond == null) return Max(now, HeldUntil);
            var interval = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / PerSecond.Value));
            var tolerance = TimeSpan.FromTicks(interval.Ticks * Math.Max(0, (long)(PerSecond.Value * BurstSeconds) - 1));
            var due = Max(Next, now);
            var start = Max(Max(now, due - tolerance), HeldUntil);
            Next = Max(due, start) + interval;
            return start;
        }

        /// <summary>Whether a slot reserved at <paramref name="epoch"/> may be used now: no decision since, and not held.</summary>
        public bool StillValid(int epoch, DateTimeOffset now) => epoch == Epoch && HeldUntil <= now;

        /// <summary>A call sent at <paramref name="sent"/> was answered (not 429).</summary>
        public void Answered(DateTimeOffset sent, DateTimeOffset now)
        {
            Record(sent, refused: false, now);
            _accepted.Enqueue(sent);
            while (_accepted.Count > 0 && _accepted.Peek() < now - PeakMemory) _accepted.Dequeue();
            if (_probing && sent >= _decidedAt && ++_sentSinceCut >= ProbationFor(_shareBeforeCut))
            {
                // A whole probation at the cut pace without a refusal: the cut cured it, so the pace
                // before was over the limit. The cut pace is kept: the limit learnt. A class that never
                // met a limit was cut from the rate its calls came at, which says nothing of one: it
                // goes back to not paced (a limit passed shows again, at the same share).
                _probing = false;
                if (NeverLimited) PerSecond = null;
                else Learned = PerSecond!.Value / UnderAccepted;
            }
            Rise(now);
        }

        /// <summary>A call sent at <paramref name="sent"/> was refused 429: judge why, and what to do.</summary>
        public PaceVerdict Refused(DateTimeOffset sent, DateTimeOffset now, TimeSpan? retryAfter)
        {
            Record(sent, refused: true, now);
            var (all, share, accepted, measured, sending, sendingJudged) = Judged(now, sent - (now - sent));
            PaceVerdict Verdict(PaceCause cause)
            {
                // Noise does not stop a slowed pace from climbing back; anything else does for a while.
                if (cause != PaceCause.Noise && cause != PaceCause.Unjudged) _lastRefusal = now;
                return new PaceVerdict(cause, PerSecond, accepted, share);
            }

            // Sent before the last decision: it says nothing about the pace decided.
            if (sent < _decidedAt) return Verdict(PaceCause.Unjudged);
            if (_probing) _sentSinceCut++;
            if (all < Sample) return Verdict(PaceCause.Unjudged);

            // Over the noise already known: what slowing down could cure. A limit holds calls back:
            // the class sent a good deal more than got through (calls trickling in, all but a few let
            // through, are not held back by a limit, whatever share a handful of them shows).
            var overNoise = Noise is double n0 ? (share - n0) / (1 - n0) : share;
            var heldBack = !measured || sendingJudged >= accepted * HeldBack;
            // A workspace that let N calls of the class through within one second of the last minute
            // does not hold it to much under N a second: refusals at a rate far below that are not its limit.
            var underPeak = measured && accepted < PeakShare * Peak();
            if (overNoise >= LimitShare && heldBack && !underPeak)
            {
                if (measured)
                {
                    // The limit, measured: pace under what got through, and hold the class for the
                    // Retry-After so the calls queued behind do not meet it too.
                    Learned = accepted;
                    PerSecond = Math.Max(MinPerSecond, Math.Min(PerSecond ?? double.MaxValue, accepted * UnderAccepted));
                }
                else if (PerSecond == null)
                {
                    // A class never paced met its limit before a rate could be measured (a burst):
                    // start at a first guess, and climb from there until the limit is met again.
                    PerSecond = FirstGuessPerSecond;
                }
                else
                {
                    // Not yet measured: keep the pace until refusals and calls let through give the
                    // rate (only the refused call waits), rather than hold on a guess.
                    return Verdict(PaceCause.Unjudged);
                }
                HeldUntil = Max(HeldUntil, now + (retryAfter ?? TimeSpan.FromSeconds(1)));
                _measureFrom = HeldUntil;
                _probing = false;
                return Decided(PaceCause.Limit, now, accepted, share);
            }

            // Within what chance makes of the noise known among this many calls (2.5 standard deviations).
            if (Noise is double noise && share <= Math.Max(noise * 1.5, noise + 2.5 * Math.Sqrt(noise * (1 - noise) / all)))
            {
                return Verdict(PaceCause.Noise);
            }

            if (_probing)
            {
                // Refused while the bucket refills after the cut: not yet a sign.
                if (_sentSinceCut <= Sample) return Verdict(PaceCause.Unjudged);
                // Refused at the lower pace: slowing down did not cure it. A class that never met a
                // limit (none documented or learnt) goes back to not paced, whatever a probe set.
                Noise = Math.Max(_shareBeforeCut, 0.05);
                PerSecond = NeverLimited ? null : _paceBeforeCut;
                _probing = false;
                return Decided(PaceCause.Noise, now, accepted, share);
            }

            // A class not paced whose calls nearly all get through as they come is held back by no
            // limit: a cut would only slow what comes. The refused call waits its Retry-After.
            if (PerSecond == null && measured && !heldBack) return Verdict(PaceCause.Unjudged);

            // A few refused: a little over the limit, or noise. One cut, watched.
            _paceBeforeCut = PerSecond;
            _shareBeforeCut = share;
            _sentSinceCut = 0;
            _probing = true;
            // A class not paced is cut from the rate it sent, but never under the first guess: calls
            // that come a few a second are not what a limit holds back, and a cut under what comes
            // would only slow them (a trickle of demotions once went at two a second for half a minute).
            PerSecond = PerSecond is double pace ? Math.Max(MinPerSecond, pace * ProbeCut)
                : Math.Max(FirstGuessPerSecond, sending * ProbeCut);
            return Decided(PaceCause.Probing, now, accepted, share);
        }

        private PaceVerdict Decided(PaceCause cause, DateTimeOffset now, double accepted, double share)
        {
            if (cause != PaceCause.Noise) _lastRefusal = now;
            // Slots handed out at the old pace are given out again at the new one, from now.
            _decidedAt = now;
            Epoch++;
            Next = Max(now, HeldUntil);
            return new PaceVerdict(cause, PerSecond, accepted, share);
        }

        /// <summary>
        /// After a quiet spell, a slowed pace climbs back toward the limit learnt (or its ceiling),
        /// never past it, a fifth of that a second; a class with neither grows by a fifth a second
        /// until the service refuses it again, which then measures its limit.
        /// </summary>
        private void Rise(DateTimeOffset now)
        {
            if (PerSecond == null || _probing || now - _lastRefusal < Quiet) return;
            var target = Learned is double l ? l * UnderAccepted : Ceiling;
            if (Ceiling is double c && target > c) target = c;
            var from = Max(_lastRise, _lastRefusal + Quiet);
            _lastRise = now;
            var seconds = Math.Max(0, (now - from).TotalSeconds);
            if (target == null) PerSecond = PerSecond.Value * (1 + 0.2 * seconds);
            else if (PerSecond < target) PerSecond = Math.Min(target.Value, PerSecond.Value + target.Value * 0.2 * seconds);
        }

        private void Record(DateTimeOffset sent, bool refused, DateTimeOffset now)
        {
            _outcomes.Enqueue((sent, refused));
            while (_outcomes.Count > 0 && _outcomes.Peek().Sent < now - Memory) _outcomes.Dequeue();
        }

        /// <summary>
        /// The calls judged on: how many, the share refused, the rate let through and the rate sent.
        /// The rate let through is counted between refused calls since the class was last held: each
        /// refusal says the service's bucket was empty, so what got through between two of them is
        /// what it refilled (counted from before the first, what the bucket held would pass for rate;
        /// over a hold or an idle gap, the bucket fills only up to what it holds, so those stretches
        /// are left out).
        /// Only calls sent before <paramref name="answered"/> count, a round trip before the call
        /// just refused: those sent later may not all be answered yet. It is measured when six went
        /// through over three quarters of a second or more, or three over two seconds or more (a slow
        /// limit), from the calls of the last ten seconds.
        /// </summary>
        private (int All, double Share, double Accepted, bool Measured, double Sending, double SendingJudged) Judged(DateTimeOffset now,
            DateTimeOffset answered)
        {
            var window = _outcomes.Where(o => o.Sent >= now - Window).ToList();
            // The rate sent is the window's (a burst is a burst); the share, of at least JudgedCalls.
            var span = Math.Max(0.5, (now - (window.Count == 0 ? now : window.Min(o => o.Sent))).TotalSeconds);
            var sending = window.Count / span;
            var recent = window.Count >= JudgedCalls ? window : _outcomes.Reverse().Take(JudgedCalls).ToList();
            var all = recent.Count;
            var refusedCount = recent.Count(o => o.Refused);
            var sendingJudged = all / Math.Max(0.5, (now - (all == 0 ? now : recent.Min(o => o.Sent))).TotalSeconds);
            // One pass over the calls in the order they were sent (an answer at the same instant as a
            // refusal before it). Between two refusals the bucket went from empty to empty: what got
            // through is what it refilled, unless the class sent nothing for a while and the bucket
            // filled to the brim and wasted the rest (the calls did not come; the limit did not hold them back).
            var through = 0;
            var refilling = 0.0;
            DateTimeOffset? from = null;
            DateTimeOffset last = default;
            var inSegment = 0;
            var busy = true;
            foreach (var o in _outcomes.OrderBy(o => o.Sent).ThenBy(o => o.Refused))
            {
                if (from != null && o.Sent - last > IdleGap) busy = false;
                last = o.Sent;
                if (!o.Refused)
                {
                    if (from != null && o.Sent > from) inSegment++;
                    continue;
                }
                if (o.Sent < _measureFrom || o.Sent > answered) continue;
                if (from != null && busy)
                {
                    through += inSegment;
                    refilling += (o.Sent - from.Value).TotalSeconds;
                }
                (from, inSegment, busy) = (o.Sent, 0, true);
            }
            var measured = (through >= 6 && refilling >= 0.75) || (through >= 3 && refilling >= 2);
            return (all, all == 0 ? 0 : (double)refusedCount / all, measured ? through / refilling : 0, measured, sending, sendingJudged);
        }

        /// <summary>The most calls let through that were sent within one second of each other, in <see cref="PeakMemory"/>.</summary>
        private int Peak()
        {
            var times = _accepted.OrderBy(t => t).ToArray();
            var most = 0;
            for (int from = 0, to = 0; to < times.Length; to++)
            {
                while (times[to] - times[from] >= TimeSpan.FromSeconds(1)) from++;
                most = Math.Max(most, to - from + 1);
            }
            return most;
        }

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }
}
