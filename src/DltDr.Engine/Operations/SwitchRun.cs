using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Engine.Time;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// One switch of one pair as it goes: the regions as first read, what each step found and did,
    /// and what is left for a rerun. The steps of <see cref="SwitchSteps"/> read and write it.
    /// </summary>
    public sealed class SwitchRun
    {
        private readonly List<StepRecord> _records = new List<StepRecord>();
        private readonly List<int> _slots = new List<int>();
        private int _lastSlot;
        private readonly List<System.Threading.Tasks.Task> _background = new List<System.Threading.Tasks.Task>();

        internal SwitchRun(PairDefinition pair, Region target, DrSession session, SwitchOptions options, IProgress<string>? progress)
        {
            Pair = pair;
            Target = target;
            Other = Regions.Other(target);
            Session = session;
            Options = options;
            Progress = progress;
            Watch = session.Clock.StartWatch();
        }

        public PairDefinition Pair { get; }
        public Region Target { get; }
        public Region Other { get; }
        internal DrSession Session { get; }
        internal SwitchOptions Options { get; }
        internal IProgress<string>? Progress { get; }

        /// <summary>Started with the command: recovery and total times are measured on it.</summary>
        internal ClockWatch Watch { get; }

        /// <summary>The steps done so far, in the order they started (a step in the background ends later).</summary>
        public IReadOnlyList<StepRecord> Records
        {
            get { lock (_records) return _records.ToArray(); }
        }

        internal List<StepRecord> RecordList => _records;

        /// <summary>The result being built; null until both regions were read.</summary>
        internal SwitchResult? Result { get; set; }

        internal RegionStatus TargetStatus { get; set; } = null!;
        internal RegionStatus OtherStatus { get; set; } = null!;
        internal RegionState? TargetState { get; set; }
        internal RegionState? OtherState { get; set; }

        /// <summary>Which region was active when the switch began.</summary>
        internal ActiveRegion Before { get; set; }

        internal bool OtherReachable => OtherStatus.Error == null;

        /// <summary>The target's pipeline as promoted.</summary>
        internal PipelineInfo? Promoted { get; set; }

        /// <summary>The other region's pipeline as demoted (or as found, when it was standby already).</summary>
        internal PipelineInfo? Demoted { get; set; }

        /// <summary>The target's catch-up job as the pause left it (null: as first read).</summary>
        internal Job? TargetJob { get; set; }

        /// <summary>The other region's catch-up job as the resume left it (null: as first read).</summary>
        internal Job? OtherJob { get; set; }

        /// <summary>Whether the target's update came to run, and why not.</summary>
        internal (bool Ok, string Why) Running { get; set; } = (true, string.Empty);

        /// <summary>The other region's update could not be stopped: there is nothing to wait for.</summary>
        internal bool StopFailed { get; set; }

        /// <summary>
        /// The demotion cannot go on (the other region was lost, or its edit failed): its remaining steps are left to a rerun.
        /// </summary>
        internal bool DemotionHalted { get; set; }

        internal WorkspaceClient TargetClient => Session.For(Pair, Target);
        internal WorkspaceClient OtherClient => Session.For(Pair, Other);

        internal string Label(Region region) => Regions.Label(Pair.Name, region);

        /// <summary>A place in the record list, taken as a step starts: records read in the order steps started.</summary>
        internal int TakeSlot()
        {
            lock (_records) return ++_lastSlot;
        }

        internal void Record(SwitchStep step, Region region, string outcome, TimeSpan duration, bool wrote, int slot = 0)
        {
            lock (_records)
            {
                if (slot == 0) slot = ++_lastSlot;
                var at = _slots.Count;
                while (at > 0 && _slots[at - 1] > slot) at--;
                _slots.Insert(at, slot);
                _records.Insert(at, new StepRecord(step, region, outcome, duration, wrote));
            }
            Progress?.Report($"{Label(region)}: {step.Title}: {outcome}");
        }

        /// <summary>A step running in the background (see <see cref="SwitchStep.Background"/>).</summary>
        internal void AddBackground(System.Threading.Tasks.Task step)
        {
            lock (_background) _background.Add(step);
        }

        /// <summary>Waits for the steps running in the background; their failures are theirs to record, not thrown here twice.</summary>
        internal async System.Threading.Tasks.Task JoinBackgroundAsync()
        {
            System.Threading.Tasks.Task[] running;
            lock (_background) running = _background.ToArray();
            try
            {
                await System.Threading.Tasks.Task.WhenAll(running).ConfigureAwait(false);
            }
            catch (Exception) when (running.All(t => t.IsCompleted))
            {
                // Recorded by the step itself; the switch reads what it left.
            }
        }

        /// <summary>The other region's demotion is not finished; every reason is kept, in the order met.</summary>
        internal void Pending(string why)
        {
            var result = Result!;
            result.PendingDemotion = true;
            result.PendingDemotionReason = result.PendingDemotionReason == null ? why : result.PendingDemotionReason + "; " + why;
        }

        /// <summary>The region a step works on.</summary>
        internal Region RegionOf(SwitchStep step) => step.Region == StepRegion.Other ? Other : Target;
    }
}
