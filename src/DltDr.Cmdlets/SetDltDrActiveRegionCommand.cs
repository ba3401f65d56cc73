using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.History;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Set-DltDrActiveRegion: makes a region active and the other standby, promote before demote,
    /// measuring the time to the new active pipeline running. -Unplanned fails over with the other
    /// region unreachable, leaving it pending demotion; -Force only skips the confirmation.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DltDrActiveRegion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
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
            var approved = Pairs.Where(p => ShouldProcess(p.Name, $"{(Unplanned ? "Unplanned failover: make" : "Make")} {region} active: promote {region} (continuous, catch-up paused), then demote {other} (triggered, catch-up running)", Force.IsPresent)).ToList();
            var queue = new PipelineThreadQueue();
            using var clients = OpenClients(queue);
            var options = new SwitchOptions
            {
                Unplanned = Unplanned.IsPresent,
                NoWait = NoWait.IsPresent,
                WaitTimeout = TimeSpan.FromMinutes(TimeoutMinutes),
                RegionTimeout = TimeSpan.FromSeconds(RegionTimeoutSec),
            };
            queue.Run(approved, ThrottleLimit, async pair =>
            {
                var progress = NewProgress(queue, $"Making {region} active for {pair.Name}");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                HistoryRecord? record;
                try
                {
                    var result = await new RegionSwitcher(pair, r => clients.For(pair, r), options, progress).SwitchAsync(Region, Cancel).ConfigureAwait(false);
                    record = HistoryRecords.Of(result);
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
                    record = FailureRecord(ex, (id, message) => HistoryRecords.OfFailedSwitch(Region, Unplanned.IsPresent, clock.Elapsed, id, message));
                }
                if (record != null) await RecordHistoryAsync(queue, clients, pair, record).ConfigureAwait(false);
            }, Cancel);
        }
    }
}
