using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;

namespace DltDr.Engine.Publishing
{
    /// <summary>
    /// Deploys pairs in two phases, as Terraform does: <see cref="PlanAsync"/> reads both regions of
    /// every pair and says what would change, resource by resource (writing nothing); the caller
    /// approves region plans one by one; <see cref="ApplyAsync"/> makes the approved changes and
    /// records each pair's publish in its history. Results come out in pair then region order,
    /// whatever finishes first, so scripts indexing them read the same on every run.
    /// </summary>
    public sealed class PublishCommand
    {
        private readonly DrSession _session;
        private readonly IReadOnlyList<Region> _regions;
        private readonly bool _adopt;

        /// <param name="regions">The regions to publish; both when null.</param>
        /// <param name="adopt">Take over same-named resources DltDr did not deploy.</param>
        public PublishCommand(DrSession session, IReadOnlyList<Region>? regions, bool adopt)
        {
            _session = session;
            _regions = regions ?? Regions.Both;
            _adopt = adopt;
        }

        public int ThrottleLimit { get; set; } = 256;

        /// <summary>One region's plan, to approve or not.</summary>
        public sealed class RegionWork
        {
            internal RegionWork(PairDefinition pair, RegionPlan plan, PairPublisher publisher)
            {
                Pair = pair;
                Plan = plan;
                Publisher = publisher;
            }

            public PairDefinition Pair { get; }
            public RegionPlan Plan { get; }
            internal PairPublisher Publisher { get; }

            /// <summary>The pair and region, as messages name them: sales/primary.</summary>
            public string Label => Regions.Label(Pair.Name, Plan.Region);

            /// <summary>The plan as -WhatIf and -Confirm show it: one line per resource, with its fields.</summary>
            public string Description
            {
                get
                {
                    var sb = new StringBuilder();
                    sb.Append("Publish as ").Append(Plan.Active ? "active" : "standby").Append(" region:");
                    foreach (var r in Plan.Resources.Where(r => r.Action != PlanAction.None || r.Note != null))
                    {
                        sb.Append("\n  ").Append(r.Action).Append(' ').Append(r.Kind).Append(' ').Append(r.Name);
                        if (r.Note != null) sb.Append(" (").Append(r.Note).Append(')');
                        if (r.Action != PlanAction.Update) continue;
                        foreach (var c in r.Changes) sb.Append("\n      ").Append(c);
                    }
                    return sb.ToString();
                }
            }

            /// <summary>The workspace the plan is for, as confirmations name it.</summary>
            public string Target => $"{Label} ({Plan.Host.GetLeftPart(UriPartial.Authority)})";
        }

        /// <summary>
        /// Plans every pair's regions (both read at once; a switch left unfinished refuses the pair);
        /// errors and warnings go to <paramref name="output"/>. Answers the plans in pair then region order.
        /// </summary>
        public async Task<IReadOnlyList<RegionWork>> PlanAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output,
            CancellationToken cancel)
        {
            var list = pairs.ToList();
            await WarnOfReplicatedCatalogsAsync(list, output, cancel).ConfigureAwait(false);
            var planned = new ConcurrentBag<RegionWork>();
            await Concurrently.ForEachAsync(WorkspaceSpread.Of(list), ThrottleLimit, async pair =>
            {
                IReadOnlyList<PairPlanner.RegionOutcome> outcomes;
                try
                {
                    outcomes = await
                        new PairPlanner(pair, _session.ClientsOf(pair), _adopt).PlanAsync(_regions, output.Verbose,
                            cancel).ConfigureAwait(false);
                }
                catch (PairDefinitionException ex)
                {
                    // The notebooks cannot be published (folder not here, a file over the import limit): this pair fails, the others go on.
                    output.Error(ex, pair.Name);
                    return;
                }
                foreach (var outcome in outcomes)
                {
                    if (outcome.Warning != null) output.Warning(outcome.Warning);
                    if (outcome.Error != null) output.Error(outcome.Error, Regions.Label(pair.Name, outcome.Region));
                    else if (outcome.Plan != null) planned.Add(new RegionWork(pair, outcome.Plan, outcome.Publisher!));
                }
            }, cancel).ConfigureAwait(false);
            return planned.OrderBy(w => w.Pair.Name, StringComparer.OrdinalIgnoreCase).ThenBy(w => w.Plan.Region).ToList();
        }

        /// <summary>
        /// A pair whose standby would write to a catalog its account failover group replicates (a
        /// read-only replica there) is said before anything is written; it is still published as
        /// defined. A failover group that cannot be read (a workspace token at the account host) is
        /// a verbose line: publishing does not need it.
        /// </summary>
        private async Task WarnOfReplicatedCatalogsAsync(IReadOnlyList<PairDefinition> pairs, ICommandOutput output,
            CancellationToken cancel)
        {
            if (!pairs.Any(p => p.FailoverGroup != null)) return;
            var groups = await StatusCommand.ReadFailoverGroupsAsync(_session, pairs, cancel).ConfigureAwait(false);
            foreach (var pair in pairs)
            {
                var link = pair.FailoverGroup;
                if (link == null || !groups.TryGetValue(link.Key, out var read)) continue;
                if (read.Info == null)
                {
                    output.Verbose($"{pair.Name}: the failover group {link.Id} could not be read ({read.Error}); whether it replicates "
                        + "the pair's catalog was not checked.");
                }
                else if (ReplicatedCatalog.Of(pair, read) is (string catalog, Region standby))
                {
                    output.Warning($"{pair.Name}: {ReplicatedCatalog.Describe(read, catalog, standby)} Published as defined.");
                }
            }
        }

        /// <summary>
        /// Makes the writes of the <paramref name="approved"/> plans (a plan without writes needs no
        /// approval), reports a result or an error per plan in the plans' order, then appends one
        /// history record per pair touched, in both regions.
        /// </summary>
        public async Task ApplyAsync(IReadOnlyList<RegionWork> plans, ICollection<RegionWork> approved, ICommandOutput output,
            CancellationToken cancel)
        {
            var outcomes = new Action?[plans.Count];
            var applied = new ConcurrentBag<RegionWork>();
            var failed = new ConcurrentBag<(PairDefinition Pair, Region Region, string ErrorId, string Message)>();
            var indexes = Enumerable.Range(0, plans.Count).Where(i => !plans[i].Plan.HasWrites || approved.Contains(plans[i])).ToList();
            await Concurrently.ForEachAsync(WorkspaceSpread.Of(indexes, i => plans[i].Pair), ThrottleLimit, async i =>
            {
                var work = plans[i];
                if (!work.Plan.HasWrites)
                {
                    var unchanged =
                        new PublishResult(work.Pair, work.Plan, work.Plan.State.Pipeline!.PipelineId!, work.Plan.State.Job!.JobId);
                    outcomes[i] = () =>
                    {
                        output.Verbose($"{work.Label}: already as defined, nothing to change.");
                        output.Result(unchanged);
                    };
                    return;
                }
                try
                {
                    var (pipelineId, jobId) = await work.Publisher.ApplyAsync(work.Plan, cancel).ConfigureAwait(false);
                    applied.Add(work);
                    var result = new PublishResult(work.Pair, work.Plan, pipelineId, jobId);
                    outcomes[i] = () =>
                    {
                        foreach (var r in work.Plan.Resources.Where(r => r.Action != PlanAction.None)) output.Verbose($"{work.Label}: {r}");
                        output.Result(result);
                    };
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    // Stopped (Ctrl+C) midway through this region's changes: what went out stays.
                    output.Stopping($"{work.Label}: publishing was stopped midway; the changes sent so far stay. Run "
                        + $"{NextStep.Publish(work.Pair.Name)} again: it changes only what still differs from the definition.");
                    throw;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    outcomes[i] = () => output.Error(ex, work.Label);
                    if (!DrOperationException.IsRefusalBeforeWrite(ex)) failed.Add((work.Pair, work.Plan.Region, ErrorIds.Of(ex),
                        ex.Message));
                }
            }, cancel).ConfigureAwait(false);
            foreach (var outcome in outcomes) outcome?.Invoke();

            var touched = applied.Select(w => w.Pair).Concat(failed.Select(f => f.Pair)).Distinct().ToList();
            var duration = _session.Elapsed;
            await Concurrently.ForEachAsync(WorkspaceSpread.Of(touched), ThrottleLimit, async pair =>
            {
                var record = PublishHistory.Of(
                    applied.Where(w => w.Pair == pair).Select(w => w.Plan),
                    failed.Where(f => f.Pair == pair).Select(f => (f.Region, f.ErrorId, f.Message)),
                    duration);
                foreach (var warning in await HistoryLog.AppendAsync(pair, _session, record,
                    cancel).ConfigureAwait(false)) output.Warning(warning);
            }, cancel).ConfigureAwait(false);
        }
    }
}
