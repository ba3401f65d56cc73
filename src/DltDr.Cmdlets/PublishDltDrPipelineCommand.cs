using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Publish-DltDrPipeline: deploys pairs to both regions (or -Region): notebooks, pipelines and
    /// catch-up jobs, changing only what differs and keeping each region's live role.
    /// </summary>
    [Cmdlet(VerbsData.Publish, "DltDrPipeline", DefaultParameterSetName = ByPair, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Medium)]
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

        protected override void ProcessPairs()
        {
            var command = new PublishCommand(Session, Region, Adopt.IsPresent) { ThrottleLimit = ThrottleLimit };
            var output = new QueueOutput(this, Queue);
            var plans = Queue.Run(() => command.PlanAsync(Pairs, output, Cancel), Cancel);
            var approved = new HashSet<PublishCommand.RegionWork>();
            foreach (var work in plans.Where(w => w.Plan.HasWrites))
            {
                if (ShouldProcess(work.Target, work.Description, Force.IsPresent)
                    && ConfirmRestart(work.Label, work.Plan)) approved.Add(work);
            }
            Queue.Run(() => command.ApplyAsync(plans, approved, output, Cancel), Cancel);
        }

        /// <summary>
        /// A publish that restarts a running continuous pipeline (production, in the active region)
        /// asks first, unless -Force or -Confirm:$false said not to ask. Unattended, pass one of them.
        /// </summary>
        private bool ConfirmRestart(string label, RegionPlan plan)
        {
            if (!plan.RestartsRunningPipeline || Force.IsPresent || ConfirmDeclined) return true;
            var restart = $"Restart the running pipeline of {label}?";
            return Ask(() => ShouldContinue(
                $"Publishing {label} changes the settings of its running continuous pipeline, which restarts it: the "
                    + $"{(plan.Active ? "active" : "standby")} region stops processing until the new update runs. Use -Force to "
                        + $"publish without this question.",
                restart), restart);
        }
    }
}
