using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Makes a region active for a set of pairs: in dependency order (a pair after the pairs it
    /// depends on, which must run in the target region first), many at once, each through the steps
    /// of <see cref="SwitchSteps"/>, each recorded in the pair's history. One pair's failure is an
    /// error for that pair (and its dependents), never a stop for the others.
    /// </summary>
    public sealed class SwitchCommand
    {
        private readonly DrSession _session;
        private readonly Region _target;
        private readonly SwitchOptions _options;

        public SwitchCommand(DrSession session, Region target, SwitchOptions options)
        {
            _session = session;
            _target = target;
            _options = options;
        }

        /// <summary>Pairs worked on at once (each pair still waits for the pairs it depends on).</summary>
        public int ThrottleLimit { get; set; } = 256;

        /// <summary>
        /// The order to switch in. A name in dependsOn that is neither among <paramref name="pairs"/>
        /// nor found by <paramref name="outside"/>, or a cycle, is a definition error: nothing is switched.
        /// </summary>
        public static SwitchOrder Order(IReadOnlyList<PairDefinition> pairs, Func<string, PairDefinition?> outside)
            => SwitchOrder.Of(pairs, outside);

        /// <summary>What switching <paramref name="pair"/> does, in the words of the step list, for -WhatIf and the confirmation.</summary>
        public string Describe(SwitchOrder order, PairDefinition pair)
        {
            var ups = order.UpstreamsInSet(pair);
            var after = ups.Count == 0 ? string.Empty : $" (after {string.Join(", ", ups.Select(u => u.Name))})";
            string Words(StepRegion region) => string.Join(", ", SwitchSteps.All.Where(s => s.Region == region).Select(s => s.WhatIf
                .Replace("{target}", Regions.Name(_target)).Replace("{other}", Regions.Name(Regions.Other(_target)))));
            var make = _options.Unplanned ? "Unplanned failover: make" : "Make";
            return $"{make} {Regions.Name(_target)} active{after}: {Words(StepRegion.Target)}, then {Words(StepRegion.Other)}";
        }

        /// <summary>
        /// Switches <paramref name="approved"/> (the pairs of <paramref name="order"/> the user agreed
        /// to), reporting each result, error and warning to <paramref name="output"/> as it comes.
        /// </summary>
        public async Task RunAsync(SwitchOrder order, IEnumerable<PairDefinition> approved, ICommandOutput output, CancellationToken cancel)
        {
            // Level by level (a pair after its upstreams), each level in turn by workspace pair.
            var pairs = order.Levels.SelectMany(level => WorkspaceSpread.Of(level.Where(p => approved.Contains(p)))).ToList();
            var gate = new UpstreamGate(order, _target, pairs.Select(p => p.Name));
            var status = new StatusOptions();
            // In dependency order: a pair starts only after every pair before it has started, so a
            // pair waiting for its upstreams never holds back the upstreams themselves.
            await Concurrently.ForEachAsync(pairs, ThrottleLimit, async pair =>
            {
                string? failure = "it was not switched";
                try
                {
                    string? blocked;
                    try
                    {
                        blocked = await gate.WaitAsync(pair, (up, c) => new StatusReader(up, _session, status).ReadAsync(c),
                            cancel).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        blocked = $"{pair.Name} was not switched: whether the pairs it depends on run in {Regions.Name(_target)} "
                            + $"could not be read ({ex.Message}).";
                    }
                    if (blocked != null)
                    {
                        output.Error(new DrOperationException(DrRefusal.UpstreamFailed, blocked), pair.Name);
                        failure = "its own upstream did not run there";
                        return;
                    }
                    failure = await SwitchOneAsync(pair, order, output, cancel).ConfigureAwait(false);
                }
                finally
                {
                    gate.Done(pair, failure);
                }
            }, cancel).ConfigureAwait(false);
        }

        /// <summary>Switches one pair and records it; null when the target runs, else why not.</summary>
        private async Task<string?> SwitchOneAsync(PairDefinition pair, SwitchOrder order, ICommandOutput output, CancellationToken cancel)
        {
            // A pair others depend on is followed until it runs, whatever -NoWait says.
            var options = _options.With(noWait: _options.NoWait && !order.HasDependents(pair));
            var activity = output.Activity($"Making {Regions.Name(_target)} active for {pair.Name}");
            var watch = _session.Clock.StartWatch();
            HistoryRecord? record;
            string? failure;
            var switcher = new RegionSwitcher(pair, _session, options, activity);
            try
            {
                var result = await switcher.SwitchAsync(_target, cancel).ConfigureAwait(false);
                await MeasureFromInterruptedAsync(pair, result, cancel).ConfigureAwait(false);
                record = HistoryRecords.Of(result);
                failure = null;
                activity.Complete();
                var again = NextStep.SetActiveRegion(pair.Name, _target);
                var (region, other) = (Regions.Name(_target), Regions.Name(Regions.Other(_target)));
                if (result.PendingDemotion)
                {
                    output.Warning($"{pair.Name}: {other} is pending demotion ({result.PendingDemotionReason}): it may still be "
                        + $"running. Run {again} again once it answers.");
                }
                foreach (var followUp in result.FollowUps)
                {
                    output.Warning($"{pair.Name}: {region} is active, but not finished: {followUp} Run {again} again to finish.");
                }
                output.Result(result);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                activity.Complete();
                await RecordInterruptedAsync(pair, switcher.Run, watch.Elapsed, output).ConfigureAwait(false);
                throw;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                activity.Complete();
                output.Error(ex, pair.Name);
                failure = ErrorIds.Of(ex);
                record = DrOperationException.IsRefusalBeforeWrite(ex)
                    ? null
                    : HistoryRecords.OfFailedSwitch(_target, _options.Unplanned, watch.Elapsed, failure, ex.Message, switcher.Run);
            }
            if (record != null)
            {
                Followed(pair, record);
                foreach (var warning in await HistoryLog.AppendAsync(pair, _session, record,
                    cancel).ConfigureAwait(false)) output.Warning(warning);
            }
            return failure;
        }

        /// <summary>The record, naming the failover group the pair followed in this switch, if any.</summary>
        private HistoryRecord Followed(PairDefinition pair, HistoryRecord record)
        {
            if (_options.Following != null && _options.Following.TryGetValue(pair.Name, out var group))
            {
                record.FailoverGroup = group.Id;
                record.FailoverGroupSince = group.Since;
            }
            return record;
        }

        /// <summary>
        /// Stopped midway (Ctrl+C): says what the steps done left and the command that finishes it,
        /// and records the switch as interrupted, with those steps (a bounded write of its own: the
        /// command's token is cancelled).
        /// </summary>
        private async Task RecordInterruptedAsync(PairDefinition pair, SwitchRun? run, TimeSpan elapsed, ICommandOutput output)
        {
            var steps = run?.Records ?? Array.Empty<StepRecord>();
            var again = NextStep.SetActiveRegion(pair.Name, _target, _options.Unplanned);
            var lastWrite = steps.LastOrDefault(s => s.Wrote);
            var leaves = lastWrite == null ? null : SwitchSteps.All.First(s => s.Id == lastWrite.Step).Leaves;
            var rerun = leaves?.IndexOf(": rerun", StringComparison.Ordinal) ?? -1;
            if (rerun > 0) leaves = leaves!.Substring(0, rerun);
            var left = lastWrite == null
                ? "nothing was changed yet"
                : $"it left {leaves} (last step done: {lastWrite.Region} {lastWrite.Action.ToLowerInvariant()})";
            var message = $"{pair.Name}: the switch to {Regions.Name(_target)} was stopped after {steps.Count} of "
                + $"{SwitchSteps.All.Count} steps: {left}. Run {again} to finish it.";
            output.Stopping(message);
            if (run == null || steps.Count == 0) return;
            using var grace = _session.Clock.Timeout(HistoryLog.WriteBound, CancellationToken.None);
            try
            {
                var record = Followed(pair,
                    HistoryRecords.OfInterruptedSwitch(run.Before, _target, _options.Unplanned, elapsed, steps, message));
                foreach (var warning in await HistoryLog.AppendAsync(pair, _session, record, grace.Token)
                        .ConfigureAwait(false)) output.Stopping(warning);
            }
            catch (OperationCanceledException)
            {
                output.Stopping($"{pair.Name}: the interrupted switch was not recorded in the history (no answer in time).");
            }
        }

        /// <summary>
        /// A rerun that found the target already promoted finishes a switch an earlier command
        /// started: its recovery is measured from that command's start when the history has it (the
        /// newest switch recorded went to the same region and was interrupted or failed), and is not
        /// measured otherwise (the target ran before this command began).
        /// </summary>
        private async Task MeasureFromInterruptedAsync(PairDefinition pair, SwitchResult result, CancellationToken cancel)
        {
            var promote = result.Steps.FirstOrDefault(s => s.Step == SwitchSteps.Promote.Id);
            if (result.RecoveryTime == null || promote == null || promote.Wrote) return;
            if (!result.Changed)
            {
                // Nothing to do: the target ran before this command began; there is no recovery to measure.
                result.RecoveryTime = null;
                return;
            }
            // On the service's clock, as the history's times are.
            var now = _session.For(pair, _target).Transport.ServiceNow ?? _session.Clock.UtcNow;
            var running = now - (result.TotalTime - result.RecoveryTime.Value);
            result.RecoveryTime = null;
            // A region whose history cannot be read is left out (ReadAsync says which, and throws only on cancellation).
            var (records, _) = await HistoryLog.ReadAsync(pair, _session, cancel).ConfigureAwait(false);
            var last = records.Where(r => r.Operation == HistoryOperations.Switch).OrderBy(r => r.Time).LastOrDefault();
            if (last == null || last.To != _target.ToString() || last.DurationSeconds == null) return;
            if (last.Outcome != HistoryOutcomes.Interrupted && last.Outcome != HistoryOutcomes.Failed) return;
            var started = last.Time - TimeSpan.FromSeconds(last.DurationSeconds.Value);
            if (running > started) result.RecoveryTime = running - started;
            if (last.From != null && Enum.TryParse<ActiveRegion>(last.From, out var before)) result.PreviousActiveRegion = before;
        }
    }
}
