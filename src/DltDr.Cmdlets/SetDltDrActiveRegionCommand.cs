using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.History;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Set-DltDrActiveRegion: makes a region active and the other standby, promote before demote,
    /// measuring the time to the new active pipeline running. -Unplanned fails over with the other
    /// region unreachable, leaving it pending demotion; -Force only skips the confirmation.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DltDrActiveRegion", DefaultParameterSetName = ByPair, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SwitchResult))]
    public sealed class SetDltDrActiveRegionCommand : PairCmdlet
    {
        /// <summary>The region to make active.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public Region Region { get; set; }

        /// <summary>Fail over even if the other region cannot be reached (an unplanned failover); it is demoted by a later run.</summary>
        [Parameter]
        public SwitchParameter Unplanned { get; set; }

        /// <summary>Do not ask for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not wait for the new active pipeline to run before demoting the other region.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>How long to wait for the new active pipeline to run, and for the old one to stop.</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int TimeoutMinutes { get; set; } = 20;

        protected override void ProcessPairs()
        {
            var region = Region.ToString().ToLowerInvariant();
            var other = Region == Engine.Pairs.Region.Primary ? "secondary" : "primary";

            // The order: a pair after the pairs it depends on; unknown names and cycles switch nothing.
            SwitchOrder order;
            try
            {
                order = SwitchOrder.Of(Pairs, TryReadFromStore);
            }
            catch (PairDefinitionException ex)
            {
                WriteError(ErrorMapping.ToRecord(ex, Group.Length > 0 ? Group : string.Join(", ", Pairs.Select(p => p.Name))));
                return;
            }
            var approved = order.Ordered.Where(p => ShouldProcess(p.Name, $"{(Unplanned ? "Unplanned failover: make" : "Make")} {region} active{After(order, p)}: promote {region} (continuous, catch-up paused), then demote {other} (triggered, catch-up running)", Force.IsPresent)).ToList();
            var gate = new UpstreamGate(order, Region, approved.Select(p => p.Name));
            var queue = new PipelineThreadQueue();
            using var session = OpenSession(queue);
            var statusOptions = new StatusOptions();

            // In dependency order: a pair starts only after every pair before it has started, so a
            // pair waiting for its upstreams never holds back the upstreams themselves.
            queue.Run(approved, ThrottleLimit, async pair =>
            {
                string? failure = "it was not switched";
                try
                {
                    string? blocked;
                    try
                    {
                        blocked = await gate.WaitAsync(pair, (up, c) => new StatusReader(up, session, statusOptions).ReadAsync(c), Cancel).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        blocked = $"{pair.Name} was not switched: whether the pairs it depends on run in {region} could not be read ({ex.Message}).";
                    }
                    if (blocked != null)
                    {
                        queue.Post(() => WriteError(ErrorMapping.ToRecord(new DrOperationException(DrRefusal.UpstreamFailed, blocked), pair.Name)));
                        failure = "its own upstream did not run there";
                        return;
                    }
                    failure = await SwitchAsync(pair, order, queue, session, region, other).ConfigureAwait(false);
                }
                finally
                {
                    gate.Done(pair, failure);
                }
            }, Cancel);
        }

        /// <summary>Switches one pair and records it; null when the target runs, else why not.</summary>
        private async System.Threading.Tasks.Task<string?> SwitchAsync(PairDefinition pair, SwitchOrder order, PipelineThreadQueue queue, Engine.Sessions.DrSession session, string region, string other)
        {
            var options = new SwitchOptions
            {
                Unplanned = Unplanned.IsPresent,
                // A pair others depend on is followed until it runs, whatever -NoWait says.
                NoWait = NoWait.IsPresent && !order.HasDependents(pair),
                WaitTimeout = TimeSpan.FromMinutes(TimeoutMinutes),
            };
            var progress = NewProgress(queue, $"Making {region} active for {pair.Name}");
            var clock = session.Clock.StartWatch();
            HistoryRecord? record;
            string? failure;
            try
            {
                var result = await new RegionSwitcher(pair, session, options, progress).SwitchAsync(Region, Cancel).ConfigureAwait(false);
                record = HistoryRecords.Of(result);
                failure = null;
                queue.Post(() =>
                {
                    progress.Complete();
                    if (result.PendingDemotion)
                    {
                        WriteWarning($"{pair.Name}: {other} is pending demotion ({result.PendingDemotionReason}): it may still be running. Run Set-DltDrActiveRegion -Pair {pair.Name} -Region {region} again once it answers.");
                    }
                    foreach (var followUp in result.FollowUps)
                    {
                        WriteWarning($"{pair.Name}: {region} is active, but not finished: {followUp} Run Set-DltDrActiveRegion -Pair {pair.Name} -Region {region} again to finish.");
                    }
                    WriteObject(result);
                });
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                queue.Post(() =>
                {
                    progress.Complete();
                    WriteError(ErrorMapping.ToRecord(ex, pair.Name));
                });
                failure = ErrorMapping.IdOf(ex);
                record = FailureRecord(ex, (id, message) => HistoryRecords.OfFailedSwitch(Region, Unplanned.IsPresent, clock.Elapsed, id, message));
            }
            if (record != null) await RecordHistoryAsync(queue, session, pair, record).ConfigureAwait(false);
            return failure;
        }

        /// <summary>" (after bronze, silver)" for a pair switched after others of this command.</summary>
        private static string After(SwitchOrder order, PairDefinition pair)
        {
            var ups = order.UpstreamsInSet(pair);
            return ups.Count == 0 ? string.Empty : $" (after {string.Join(", ", ups.Select(u => u.Name))})";
        }
    }
}
