using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Time;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Waits on the state of many pipelines of one workspace at once: each wait keeps its own poll
    /// schedule (quick at first, slowing to a cap), and when any is due, one paged listing of the
    /// workspace (every pipeline's state and latest updates, 100 a page) answers every wait at
    /// once. Two hundred pairs waiting for RUNNING cost a listing a tick, not two hundred gets. A
    /// wait's first read is one poll interval after it starts (what it waits for has only just been
    /// asked for), and listings are at least that far apart, so waits that start one after another
    /// as their writes go out share listings.
    /// A command with one pair in the workspace reads its pipeline instead: one call, not a page per
    /// hundred pipelines of the workspace; and when the waits left are few for the pages a listing
    /// takes (two a page or fewer), their pipelines are read at once instead of the next listing.
    /// </summary>
    public sealed class PipelineWatch
    {
        private readonly object _sync = new object();
        private readonly PipelinesService _pipelines;
        private readonly Clock _clock;
        private readonly List<Waiter> _waiters = new List<Waiter>();
        private Task? _loop;
        private TaskCompletionSource<bool> _kick = new TaskCompletionSource<bool>();
        private long _lastListing;
        private TimeSpan _spacing;

        public PipelineWatch(PipelinesService pipelines, Clock clock)
        {
            _pipelines = pipelines;
            _clock = clock;
        }

        /// <summary>Serve waits from one listing of the workspace (set when the command has several pairs here).</summary>
        public bool Batched { get; set; }

        /// <summary>Listings made so far (for tests and the benchmark).</summary>
        public int Listings => Volatile.Read(ref _listings);

        private int _listings;

        /// <summary>
        /// Reads the pipeline, on <paramref name="polling"/>'s schedule, until <paramref name="done"/>
        /// holds or <paramref name="timeout"/> passes; answers whether it held and the pipeline as
        /// last read (its state and latest updates; its settings only when read alone).
        /// <paramref name="moved"/> hears each state read that differs from the one before.
        /// </summary>
        public async Task<(bool Done, PipelineInfo Last)> WaitAsync(string pipelineId, Func<PipelineInfo, bool> done, Polling polling,
            TimeSpan timeout,
            Action<PipelineInfo>? moved, CancellationToken cancel)
        {
            if (!Batched)
            {
                PipelineInfo? seen = null;
                var (ok, last) = await polling.UntilAsync(async token =>
                {
                    var p = await _pipelines.GetAsync(pipelineId, token).ConfigureAwait(false);
                    if (seen == null || !SameState(seen, p)) moved?.Invoke(p);
                    seen = p;
                    return (done(p), p);
                }, timeout, null, cancel).ConfigureAwait(false);
                return (ok, last);
            }
            var waiter = new Waiter(pipelineId, done, polling, moved, _clock);
            using var registration = cancel.Register(() => waiter.Result.TrySetCanceled(cancel));
            lock (_sync)
            {
                if (_spacing == TimeSpan.Zero || polling.First < _spacing) _spacing = polling.First;
                _waiters.Add(waiter);
                // A new wait is due at once: start the loop, or wake it from its sleep.
                if (_loop == null || _loop.IsCompleted) _loop = LoopAsync();
                else _kick.TrySetResult(true);
            }
            try
            {
                return await WithTimeout(waiter, timeout, cancel).ConfigureAwait(false);
            }
            finally
            {
                lock (_sync) _waiters.Remove(waiter);
            }
        }

        private async Task<(bool, PipelineInfo)> WithTimeout(Waiter waiter, TimeSpan timeout, CancellationToken cancel)
        {
            using var within = _clock.Timeout(timeout, cancel);
            using (within.Token.Register(() => { if (within.TimedOut) waiter.Result.TrySetResult((false, waiter.Last!)); }))
            {
                var (ok, last) = await waiter.Result.Task.ConfigureAwait(false);
                if (last == null) throw new InvalidOperationException($"The pipeline {waiter.PipelineId} was never read.");
                return (ok, last);
            }
        }

        /// <summary>While anything waits: list when the earliest wait is due, hand every wait its pipeline.</summary>
        private async Task LoopAsync()
        {
            while (true)
            {
                Waiter[] waiting;
                TimeSpan untilDue;
                Task kick;
                lock (_sync)
                {
                    waiting = _waiters.Where(w => !w.Result.Task.IsCompleted).ToArray();
                    if (waiting.Length == 0)
                    {
                        _loop = null;
                        return;
                    }
                    untilDue = waiting.Min(w => w.UntilDue());
                    if (_lastListing != 0)
                    {
                        var sinceListing = _clock.GetElapsedTime(_lastListing);
                        if (_spacing - sinceListing > untilDue) untilDue = _spacing - sinceListing;
                    }
                    if (_kick.Task.IsCompleted) _kick = new TaskCompletionSource<bool>();
                    kick = _kick.Task;
                }
                if (untilDue > TimeSpan.Zero)
                {
                    using var sleeping = new CancellationTokenSource();
                    await Task.WhenAny(_clock.Delay(untilDue, sleeping.Token), kick).ConfigureAwait(false);
                    sleeping.Cancel();
                    continue;
                }
                if (waiting.Length <= FewFor(_pages))
                {
                    // Few waits left for the pages a listing takes: their pipelines read at once, one
                    // round trip, where a listing is a page after another (and a refused page holds
                    // up every wait of the workspace for its Retry-After).
                    await Task.WhenAll(waiting.Select(ReadAloneAsync)).ConfigureAwait(false);
                    continue;
                }
                // Each page answers its waits as it arrives: a later page refused (429) and waiting out its
                // Retry-After holds up only the waits whose pipelines are on it, not the whole workspace.
                var byId = waiting.GroupBy(w => w.PipelineId).ToDictionary(g => g.Key, g => g.ToList());
                var seen = new HashSet<string>();
                var pages = 0;
                try
                {
                    Interlocked.Increment(ref _listings);
                    lock (_sync) _lastListing = _clock.GetTimestamp();
                    await _pipelines.ListPagesAsync(null, page =>
                    {
                        pages++;
                        foreach (var p in page)
                        {
                            if (p.PipelineId == null || !seen.Add(p.PipelineId) || !byId.TryGetValue(p.PipelineId, out var ws)) continue;
                            foreach (var w in ws) w.Saw(p);
                        }
                    }, CancellationToken.None).ConfigureAwait(false);
                    _pages = Math.Max(1, pages);
                }
                catch (Exception ex)
                {
                    foreach (var w in waiting.Where(w => !seen.Contains(w.PipelineId))) w.Result.TrySetException(ex);
                    continue;
                }
                foreach (var w in waiting.Where(w => !seen.Contains(w.PipelineId)))
                {
                    w.Result.TrySetException(new InvalidOperationException($"The pipeline {w.PipelineId} is no longer listed: it "
                        + $"was deleted."));
                }
            }
        }

        /// <summary>The pages the last listing of the workspace took (0 before the first).</summary>
        private int _pages;

        /// <summary>How many waits are few enough to read alone, against a listing of <paramref name="pages"/> pages.</summary>
        internal static int FewFor(int pages) => pages == 0 ? 0 : 2 * pages;

        private async Task ReadAloneAsync(Waiter w)
        {
            try
            {
                Interlocked.Increment(ref _gets);
                w.Saw(await _pipelines.GetAsync(w.PipelineId, CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                w.Result.TrySetException(ex);
            }
        }

        /// <summary>Pipelines read alone by the loop (for tests and the benchmark).</summary>
        public int Gets => Volatile.Read(ref _gets);

        private int _gets;

        private static bool SameState(PipelineInfo a, PipelineInfo b)
            => a.State == b.State && a.LatestUpdates?.FirstOrDefault()?.State == b.LatestUpdates?.FirstOrDefault()?.State;

        private sealed class Waiter
        {
            private readonly Func<PipelineInfo, bool> _done;
            private readonly Polling _polling;
            private readonly Action<PipelineInfo>? _moved;
            private readonly Clock _clock;
            private int _reads;
            private long _due;

            public Waiter(string pipelineId, Func<PipelineInfo, bool> done, Polling polling, Action<PipelineInfo>? moved, Clock clock)
            {
                PipelineId = pipelineId;
                _done = done;
                _polling = polling;
                _moved = moved;
                _clock = clock;
                _due = clock.GetTimestamp() + (long)(polling.First.TotalSeconds * clock.TimestampFrequency);
            }

            public string PipelineId { get; }

            public PipelineInfo? Last { get; private set; }

            public TaskCompletionSource<(bool, PipelineInfo)> Result { get; } = new TaskCompletionSource<(bool, PipelineInfo)>();

            /// <summary>How long until this wait's next read is due (zero or less: due now).</summary>
            public TimeSpan UntilDue() => -_clock.GetElapsedTime(_due);

            public void Saw(PipelineInfo p)
            {
                if (Last == null || !SameState(Last, p)) _moved?.Invoke(p);
                Last = p;
                if (_done(p))
                {
                    Result.TrySetResult((true, p));
                    return;
                }
                var next = _polling.Interval(_reads++);
                _due = _clock.GetTimestamp() + (long)(next.TotalSeconds * _clock.TimestampFrequency);
            }
        }
    }
}
