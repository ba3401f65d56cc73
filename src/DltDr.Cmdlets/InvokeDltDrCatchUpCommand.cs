using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Invoke-DltDrCatchUp: runs the standby region's catch-up now, through its job with an
    /// idempotency token, and with -Wait follows it to the end. Refuses the active region.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "DltDrCatchUp", DefaultParameterSetName = ByPair, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CatchUpResult))]
    public sealed class InvokeDltDrCatchUpCommand : PairCmdlet
    {
        /// <summary>The region to catch up; the standby region when left out. The active region is refused.</summary>
        [Parameter]
        public Region? Region { get; set; }

        /// <summary>Follow the run (with progress) until it ends, and report how it ended.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Recompute all tables instead of an incremental update.</summary>
        [Parameter]
        public SwitchParameter FullRefresh { get; set; }

        /// <summary>With -Wait, how long to follow the run before giving up (the run goes on).</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int TimeoutMinutes { get; set; } = 120;

        protected override void ProcessPairs()
        {
            var what = Region == null ? "Run the standby region's catch-up now"
                : $"Run the {Regions.Name(Region.Value)} region's catch-up now";
            var approved = Pairs.Where(p => Ask(() => ShouldProcess(p.Name, what), what)).ToList();
            RunEngine((session, output) => new CatchUpCommand(session)
            {
                Region = Region,
                FullRefresh = FullRefresh.IsPresent,
                Wait = Wait.IsPresent ? TimeSpan.FromMinutes(TimeoutMinutes) : (TimeSpan?)null,
                ThrottleLimit = ThrottleLimit,
            }.RunAsync(approved, output, Cancel));
        }
    }
}
