using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;

namespace DltDr.Engine.Operations
{
    /// <summary>What a switch did: the steps, the measured recovery time, and both regions afterwards.</summary>
    public sealed class SwitchResult : IPairResult
    {
        internal SwitchResult(PairDefinition pair, Region target, ActiveRegion before, bool unplanned, IReadOnlyList<StepRecord> steps)
        {
            Pair = pair.Name;
            _definition = pair;
            ActiveRegion = target;
            PreviousActiveRegion = before;
            Unplanned = unplanned;
            Steps = steps;
        }

        private readonly PairDefinition _definition;

        PairDefinition IPairResult.GetDefinition() => _definition;

        public string Pair { get; }

        /// <summary>The region made active.</summary>
        public Region ActiveRegion { get; }

        /// <summary>Which region was active before the command.</summary>
        /// <summary>
        /// The active region before the switch; for a rerun that finishes an interrupted switch,
        /// the one before that switch began (the history has it).
        /// </summary>
        public ActiveRegion PreviousActiveRegion { get; internal set; }

        /// <summary>True for an unplanned failover (-Unplanned) made while the other region could not be reached.</summary>
        public bool Unplanned { get; }

        /// <summary>True when the other region could not be demoted and may still be running; a later run finishes it.</summary>
        public bool PendingDemotion { get; internal set; }

        /// <summary>
        /// Why the other region was left pending demotion: unreachable, lost during the switch, or its credentials refused.
        /// </summary>
        public string? PendingDemotionReason { get; internal set; }

        /// <summary>
        /// From the start of the command to the new active pipeline's update RUNNING: the part of the recovery time the tool controls.
        /// </summary>
        public TimeSpan? RecoveryTime { get; internal set; }

        public TimeSpan TotalTime { get; internal set; }

        public IReadOnlyList<StepRecord> Steps { get; }

        /// <summary>True when the command changed anything (false when the target was already active and the other standby).</summary>
        public bool Changed => Steps.Any(s => s.Wrote);

        /// <summary>
        /// What the switch could not finish although the new active region runs (a catch-up job not
        /// paused or resumed, an update not stopped): each names the region and why. A rerun of the
        /// same command finishes them.
        /// </summary>
        public IReadOnlyList<string> FollowUps
        {
            get { lock (_followUps) return _followUps.ToList(); }
        }

        public RegionStatus? Primary { get; internal set; }
        public RegionStatus? Secondary { get; internal set; }

        /// <summary>The region as read after the switch.</summary>
        public RegionStatus? this[Region region] => region == Region.Primary ? Primary : Secondary;

        internal void AddFollowUp(string what)
        {
            lock (_followUps) _followUps.Add(what);
        }

        private readonly List<string> _followUps = new List<string>();
    }
}
