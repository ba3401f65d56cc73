using System;
using System.Management.Automation;
using DltDr.Engine.Pairs;
using DltDr.Engine.Readiness;
using DltDr.Engine.Status;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Test-DltDrFailover: could the standby take over now? One object per pair: Ready, and every
    /// check with its outcome. Its only write is a validate_only update of the standby's pipeline
    /// (left out with -SkipValidation); no setting changes and no pipeline is made continuous.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DltDrFailover", DefaultParameterSetName = ByPair)]
    [OutputType(typeof(FailoverReadiness))]
    public sealed class TestDltDrFailoverCommand : PairCmdlet
    {
        /// <summary>The region a failover would make active; the standby when left out.</summary>
        [Parameter(Position = 1)]
        public Region? Region { get; set; }

        /// <summary>Do not run the validate_only update: the test then writes nothing at all.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>How long the validate_only update may take.</summary>
        [Parameter]
        [ValidateRange(1, 240)]
        public int ValidationTimeoutMinutes { get; set; } = 15;

        /// <summary>How long after a scheduled catch-up the standby may still be catching up.</summary>
        [Parameter]
        [ValidateRange(0, 1440)]
        public int CatchUpGraceMinutes { get; set; } = 60;

        /// <summary>The most the standby's data may be behind the active region's.</summary>
        [Parameter]
        public TimeSpan? MaxStandbyLag { get; set; }

        protected override void ProcessPairs()
        {
            var options = new StatusOptions { CatchUpGrace = TimeSpan.FromMinutes(CatchUpGraceMinutes), MaxStandbyLag = MaxStandbyLag };
            RunEngine((session, output) => new ReadinessCommand(session, options, TimeSpan.FromMinutes(ValidationTimeoutMinutes))
            {
                Region = Region,
                Validate = !SkipValidation.IsPresent,
                ThrottleLimit = ThrottleLimit,
            }.RunAsync(Pairs, output, Cancel));
        }
    }
}
