using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Engine.Time;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// One switch of one pair as it goes: what it has observed of each region (as read, or as its
    /// own writes left it), the steps it took, and what it found about the other operators. It holds
    /// observations, not intentions: every step decides from them whether it applies and what to do.
    /// </summary>
    public sealed class SwitchRun
    {
        private readonly List<StepRecord> _records = new List<StepRecord>();
        private readonly List<int> _slots = new List<int>();
        private int _lastSlot;
        private readonly List<Task> _background = new List<Task>();

        internal SwitchRun(PairDefinition pair, Region target, DrSession session, SwitchOptions options, IProgress<string>? progress)
        {
            Pair = pair;
            Target = target;
            Other = Regions.Other(target);
            Session = session;
            Options = options;
            Progress = progress;
            Watch = session.Clock.StartWatch();
            T = new RegionView(target);
            O = new RegionView(Other);
        }

        public PairDefinition Pair { get; }
        public Region Target { get; }
        public Region Other { get; }
        internal DrSession Session { get; }
        internal SwitchOptions Options { get; }
        internal IProgress<string>? Progress { get; }

        /// <summary>Started with the command: recovery and total times are measured on it.</summary>
        internal ClockWatch Watch { get; }

        /// <summary>The region being made active, as observed.</summary>
        internal RegionView T { get; }

        /// <summary>The region being made standby, as observed.</summary>
        internal RegionView O { get; }

        /// <summary>The steps done so far, in the order they started (a step in the background ends later).</summary>
        public IReadOnlyList<StepRecord> Records
        {
            get { lock (_records) return _records.ToArray(); }
        }

        internal List<StepRecord> RecordList => _records;

        /// <summary>The result being built; null until both regions were read.</summary>
        internal SwitchResult? Result { get; set; }

        /// <summary>Which region was active when the switch began.</summary>
        internal ActiveRegion Before { get; set; }

        /// <summary>Both regions have been read.</summary>
        internal bool Read => Result != null;

        /// <summary>
        /// The promotion marker this switch holds the target by: the one it wrote, or the one it found
        /// on a target already active. Null until the promote step decided.
        /// </summary>
        internal string? Claim { get; private set; }

        /// <summary>The promote step has decided: the target is this switch's to keep active.</summary>
        internal bool Claimed { get; private set; }

        internal void Decide(string? marker)
        {
            Claim = marker;
            Claimed = true;
        }

        /// <summary>
        /// Why this switch lost the pair to another operator (someone promoted the other region after
        /// this switch read it, or made the target triggered again); null while it has not.
        /// </summary>
        internal string? Lost { get; private set; }

        /// <summary>What the put-back after a lost race did, or left; null when there was nothing to put back.</summary>
        internal PutBack? PutBack { get; set; }

        internal void Lose(string why)
        {
            if (Lost == null) Lost = why;
        }

        /// <summary>
        /// Someone else's hand was seen on the pair (a conditional edit refused, a region changed since
        /// it was read): the final read then reads the catch-up jobs again too.
        /// </summary>
        internal bool Contended { get; set; }

        /// <summary>Which pass over the step list this is: a second runs what the final read still found to do.</summary>
        internal int Pass { get; set; } = 1;

        /// <summary>The number of records when both regions were last read by the verify step (-1: not yet).</summary>
        internal int VerifiedAt { get; set; } = -1;

        internal bool OtherReachable => O.Reachable;

        internal WorkspaceClient TargetClient => Session.For(Pair, Target);
        internal WorkspaceClient OtherClient => Session.For(Pair, Other);

        internal WorkspaceClient ClientOf(RegionView view) => Session.For(Pair, view.Region);

        internal string Label(Region region) => Regions.Label(Pair.Name, region);

        /// <summary>This switch wrote with <paramref name="step"/> (in any pass).</summary>
        internal bool Wrote(SwitchStep step) => Records.Any(r => r.Step == step.Id && r.Wrote);

        /// <summary>This switch changed anything.</summary>
        internal bool WroteAnything => Records.Any(r => r.Wrote);

        /// <summary>Records since the last verify: a step ran after the regions were last read.</summary>
        internal bool WroteSinceVerify
        {
            get
            {
                var records = Records;
                return VerifiedAt < 0 || records.Skip(VerifiedAt).Any(r => r.Wrote);
            }
        }

        /// <summary>A place in the record list, taken as a step starts: records read in the order steps started.</summary>
        internal int TakeSlot()
        {
            lock (_records) return ++_lastSlot;
        }

        internal void Record(SwitchStep step, Region region, string outcome, TimeSpan duration, bool wrote, int slot = 0,
            string? action = null, bool failed = false)
        {
            lock (_records)
            {
                if (slot == 0) slot = ++_lastSlot;
                var at = _slots.Count;
                while (at > 0 && _slots[at - 1] > slot) at--;
                _slots.Insert(at, slot);
                _records.Insert(at, new StepRecord(step, region, outcome, duration, wrote, action) { Failed = failed });
            }
            Progress?.Report($"{Label(region)}: {action ?? step.Title}: {outcome}");
        }

        /// <summary>A step running in the background (see <see cref="SwitchStep.Background"/>).</summary>
        internal void AddBackground(Task step)
        {
            lock (_background) _background.Add(step);
        }

        /// <summary>Waits for the steps running in the background; their failures are theirs to record, not thrown here twice.</summary>
        internal async Task JoinBackgroundAsync()
        {
            Task[] running;
            lock (_background) running = _background.ToArray();
            try
            {
                await Task.WhenAll(running).ConfigureAwait(false);
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
            lock (result)
            {
                result.PendingDemotion = true;
                result.PendingDemotionReason = result.PendingDemotionReason == null ? why : result.PendingDemotionReason + "; " + why;
            }
        }

        /// <summary>The region a step works on.</summary>
        internal Region RegionOf(SwitchStep step) => step.Region == StepRegion.Other ? Other : Target;

        internal RegionView ViewOf(SwitchStep step) => step.Region == StepRegion.Other ? O : T;
    }
}
