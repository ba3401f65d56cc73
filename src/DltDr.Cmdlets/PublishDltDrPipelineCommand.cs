using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using DltDr.Cmdlets.Output;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Publish-DltDrPipeline: deploys pairs to both regions (or -Region): notebooks, pipelines and
    /// catch-up jobs, changing only what differs and keeping each region's live role.
    /// </summary>
    [Cmdlet(VerbsData.Publish, "DltDrPipeline", DefaultParameterSetName = ByPair, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PublishResult))]
    public sealed class PublishDltDrPipelineCommand : PairCmdlet
    {
        /// <summary>Only these regions; both when left out.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public Region[]? Region { get; set; }

        /// <summary>Take over a same-named pipeline or job that DltDr did not deploy (it gets DltDr's marker).</summary>
        [Parameter]
        public SwitchParameter Adopt { get; set; }

        /// <summary>Do not ask for confirmation, not even before restarting a running pipeline.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private sealed class Work
        {
            public Work(PairDefinition pair, RegionPlan plan, PairPublisher publisher)
            {
                Pair = pair;
                Plan = plan;
                Publisher = publisher;
            }

            public PairDefinition Pair { get; }
            public RegionPlan Plan { get; }
            public PairPublisher Publisher { get; }
        }

        protected override void ProcessPairs()
        {
            var queue = new PipelineThreadQueue();
            var planned = new ConcurrentBag<Work>();
            var clock = default(Engine.Time.ClockWatch);
            var applied = new ConcurrentBag<Work>();
            var failed = new ConcurrentBag<(PairDefinition Pair, Engine.Pairs.Region Region, string ErrorId, string Message)>();
            using var session = OpenSession(queue);
            clock = session.Clock.StartWatch();
            {
                queue.Run(Pairs, ThrottleLimit, pair => PlanPairAsync(pair, session, queue, planned), Cancel);

                // Results come out in pair then region order whatever finishes first, so output
                // (and scripts indexing it) read the same on every run.
                var ordered = planned.OrderBy(w => w.Pair.Name, StringComparer.OrdinalIgnoreCase).ThenBy(w => w.Plan.Region).ToList();
                var outcomes = new Action?[ordered.Count];
                var approved = new List<int>();
                for (var i = 0; i < ordered.Count; i++)
                {
                    var work = ordered[i];
                    var label = PairCmdlet.Label(work.Pair, work.Plan.Region);
                    if (!work.Plan.HasWrites)
                    {
                        WriteVerbose($"{label}: already as defined, nothing to change.");
                        var result = new PublishResult(work.Pair, work.Plan, work.Plan.State.Pipeline!.PipelineId!, work.Plan.State.Job!.JobId);
                        outcomes[i] = () => WriteObject(result);
                        continue;
                    }
                    if (ShouldProcess($"{label} ({work.Plan.Host.GetLeftPart(UriPartial.Authority)})", Describe(work.Plan), Force.IsPresent) && ConfirmRestart(label, work.Plan))
                    {
                        approved.Add(i);
                    }
                }

                queue.Run(approved, ThrottleLimit, async i =>
                {
                    var work = ordered[i];
                    var label = PairCmdlet.Label(work.Pair, work.Plan.Region);
                    try
                    {
                        var (pipelineId, jobId) = await work.Publisher.ApplyAsync(work.Plan, Cancel).ConfigureAwait(false);
                        applied.Add(work);
                        queue.Post(() =>
                        {
                            foreach (var r in work.Plan.Resources.Where(r => r.Action != PlanAction.None)) WriteVerbose($"{label}: {r}");
                            var result = new PublishResult(work.Pair, work.Plan, pipelineId, jobId);
                            outcomes[i] = () => WriteObject(result);
                        });
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        var record = ErrorMapping.ToRecord(ex, label);
                        queue.Post(() => outcomes[i] = () => WriteError(record));
                        if (!HistoryRecords.IsRefusalBeforeWrite(ex)) failed.Add((work.Pair, work.Plan.Region, ErrorMapping.IdOf(ex), ex.Message));
                    }
                }, Cancel);

                foreach (var outcome in outcomes) outcome?.Invoke();

                // One history record per pair published, in both regions.
                var touched = applied.Select(w => w.Pair).Concat(failed.Select(f => f.Pair)).Distinct().ToList();
                queue.Run(touched, ThrottleLimit, pair => RecordHistoryAsync(queue, session, pair, HistoryRecords.OfPublish(
                    applied.Where(w => w.Pair == pair).Select(w => w.Plan),
                    failed.Where(f => f.Pair == pair).Select(f => (f.Region, f.ErrorId, f.Message)),
                    clock.Elapsed)), Cancel);
            }
        }

        /// <summary>Plans the regions asked for (the engine reads both and refuses an unfinished switch); errors and warnings go to the pipeline thread.</summary>
        private async Task PlanPairAsync(PairDefinition pair, Engine.Sessions.DrSession session, PipelineThreadQueue queue, ConcurrentBag<Work> planned)
        {
            var wanted = Region ?? Regions.Both;
            var planner = new PairPlanner(pair, session.ClientsOf(pair), Adopt.IsPresent);
            IReadOnlyList<PairPlanner.RegionOutcome> outcomes;
            try
            {
                outcomes = await planner.PlanAsync(wanted, line => queue.Post(() => WriteVerbose(line)), Cancel).ConfigureAwait(false);
            }
            catch (PairDefinitionException ex)
            {
                // The notebooks cannot be published (folder not here, a file over the import limit): this pair fails, the others go on.
                queue.Post(() => WriteError(ErrorMapping.ToRecord(ex, pair.Name)));
                return;
            }
            foreach (var outcome in outcomes)
            {
                var label = PairCmdlet.Label(pair, outcome.Region);
                if (outcome.Warning != null) queue.Post(() => WriteWarning(outcome.Warning));
                if (outcome.Error != null) queue.Post(() => WriteError(ErrorMapping.ToRecord(outcome.Error, label)));
                else if (outcome.Plan != null) planned.Add(new Work(pair, outcome.Plan, outcome.Publisher!));
            }
        }

        /// <summary>
        /// A publish that restarts a running continuous pipeline (production, in the active region)
        /// asks first, unless -Force or -Confirm:$false said not to ask. Unattended, pass one of them.
        /// </summary>
        private bool ConfirmRestart(string label, RegionPlan plan)
        {
            if (!plan.RestartsRunningPipeline || Force.IsPresent || ConfirmDeclined) return true;
            return ShouldContinue(
                $"Publishing {label} changes the settings of its running continuous pipeline, which restarts it: the {(plan.Active ? "active" : "standby")} region stops processing until the new update runs. Use -Force to publish without this question.",
                $"Restart the running pipeline of {label}?");
        }

        /// <summary>The plan as -WhatIf and -Confirm show it: one line per resource, with its fields.</summary>
        private static string Describe(RegionPlan plan)
        {
            var sb = new StringBuilder();
            sb.Append("Publish as ").Append(plan.Active ? "active" : "standby").Append(" region:");
            foreach (var r in plan.Resources.Where(r => r.Action != PlanAction.None))
            {
                sb.Append("\n  ").Append(r.Action).Append(' ').Append(r.Kind).Append(' ').Append(r.Name);
                if (r.Note != null) sb.Append(" (").Append(r.Note).Append(')');
                if (r.Action == PlanAction.Update)
                {
                    foreach (var c in r.Changes) sb.Append("\n      ").Append(c);
                }
            }
            return sb.ToString();
        }
    }
}
