using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Sync-DltDrActiveRegion: moves every pair to the region its group's account failover group has
    /// as its effective primary (planned, or unplanned where the old region does not answer; nothing
    /// where they agree). Meant to run every few minutes, unattended, so pipelines follow a failover
    /// of the platform's managed DR.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "DltDrActiveRegion", DefaultParameterSetName = ByPair, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SwitchResult))]
    public sealed class SyncDltDrActiveRegionCommand : PairCmdlet
    {
        /// <summary>Do not ask for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>How long to wait for each new active pipeline to run, and for the old one to stop.</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int TimeoutMinutes { get; set; } = 20;

        protected override void ProcessPairs()
        {
            var options = new SwitchOptions { WaitTimeout = TimeSpan.FromMinutes(TimeoutMinutes) };
            var command = new SyncCommand(Session, options) { ThrottleLimit = ThrottleLimit };
            var output = new QueueOutput(this, Queue);
            var plan = Queue.Run(() => command.PlanAsync(Pairs, output, Cancel), Cancel);
            var approved = plan.Where(p => ShouldProcess(p.Pair.Name,
                $"Make {Regions.Name(p.Target)} active as {p.Why} (nothing when it is already; unplanned where the other region does "
                    + "not answer)", Force.IsPresent)).ToList();
            if (approved.Count == 0) return;
            Queue.Run(() => command.RunAsync(approved, TryReadFromStore, output, Cancel), Cancel);
        }
    }
}
