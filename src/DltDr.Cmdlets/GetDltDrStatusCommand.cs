using System;
using System.Management.Automation;
using DltDr.Engine.Status;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Get-DltDrStatus: both regions of each pair side by side, which one is active, and every
    /// problem found. Reads only; an unreachable region is reported, not guessed.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DltDrStatus", DefaultParameterSetName = ByPair)]
    [OutputType(typeof(PairStatus))]
    public sealed class GetDltDrStatusCommand : PairCmdlet
    {
        /// <summary>How long after a scheduled catch-up the standby may still be catching up before it counts as stale.</summary>
        [Parameter]
        [ValidateRange(0, 1440)]
        public int CatchUpGraceMinutes { get; set; } = 60;

        /// <summary>
        /// The most the standby's data may be behind the active region's (for example 26:00:00, or
        /// (New-TimeSpan -Hours 26)); beyond it the pair has the StandbyLagging problem.
        /// </summary>
        [Parameter]
        public TimeSpan? MaxStandbyLag { get; set; }

        protected override void BeginProcessing()
        {
            if (MaxStandbyLag < TimeSpan.Zero)
            {
                var record =
                    new ErrorRecord(new PSArgumentOutOfRangeException(nameof(MaxStandbyLag), MaxStandbyLag,
                        $"-MaxStandbyLag must be zero or more, such as 26:00:00 (26 hours), not {MaxStandbyLag}."), "InvalidMaxStandbyLag",
                            ErrorCategory.InvalidArgument, MaxStandbyLag);
                record.ErrorDetails =
                    new ErrorDetails(record.Exception.Message) { RecommendedAction = "Give -MaxStandbyLag a positive time span, e.g. "
                        + "(New-TimeSpan -Hours 26)." };
                ThrowTerminatingError(record);
            }
            base.BeginProcessing();
        }

        protected override void ProcessPairs()
        {
            var options = new StatusOptions { CatchUpGrace = TimeSpan.FromMinutes(CatchUpGraceMinutes), MaxStandbyLag = MaxStandbyLag };
            RunEngine((session, output)
                => new StatusCommand(session, options) { ThrottleLimit = ThrottleLimit }.RunAsync(Pairs, output, Cancel));
        }
    }
}
