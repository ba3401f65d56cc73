using System.Linq;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// What a switch knows of one region of the pair: as first read, then as each later read of the
    /// switch, or each of its own writes, left it. The steps decide from this and nothing else.
    /// </summary>
    public sealed class RegionView
    {
        internal RegionView(Region region) => Region = region;

        public Region Region { get; }

        /// <summary>The region as last read (its error when it could not be read).</summary>
        internal RegionStatus Status { get; private set; } = null!;

        /// <summary>The pipeline as first read: a promotion by someone else since shows against it.</summary>
        internal PipelineInfo? FirstPipeline { get; private set; }

        /// <summary>The pipeline as last read or written: settings, state and latest updates.</summary>
        internal PipelineInfo? Pipeline { get; set; }

        /// <summary>The catch-up job as last read or written.</summary>
        internal Job? Job { get; set; }

        /// <summary>Whether the region answered its last read.</summary>
        internal bool Reachable => Status.Error == null;

        internal bool Published => Pipeline != null;

        internal bool Continuous => Pipeline?.Spec?.Continuous == true;

        internal bool Triggered => Pipeline != null && Pipeline.Spec?.Continuous != true;

        internal UpdateStateInfo? LatestUpdate => Pipeline?.LatestUpdates?.FirstOrDefault();

        /// <summary>Its newest update was seen RUNNING.</summary>
        internal bool Running => LatestUpdate?.State == UpdateStates.Running;

        /// <summary>
        /// Its newest update is still going and was not started by the catch-up job (whose triggered
        /// update a standby is left to finish).
        /// </summary>
        internal bool RunningOutsideCatchUp => LatestUpdate != null && UpdateStates.IsActive(LatestUpdate.State)
            && Pipeline!.Cause != UpdateCauses.JobTask;

        internal bool JobPaused => Job?.Settings?.Schedule?.PauseStatus == CronSchedule.Paused;

        internal bool HasJob => Job?.Settings?.Schedule != null;

        /// <summary>The promotion marker it carries now.</summary>
        internal string? Marker => PairWrites.MarkerOf(Pipeline);

        /// <summary>
        /// It is continuous now and was promoted (by someone else) after this switch first read it:
        /// triggered then, or marked promoted since. Unknown, and so false, when the first read failed.
        /// </summary>
        internal bool PromotedSinceFirstRead => Continuous && _firstReadAnswered
            && (FirstPipeline?.Spec?.Continuous != true || PairWrites.PromotedSince(FirstPipeline, Pipeline!));

        private bool _firstReadAnswered;

        /// <summary>Takes a read of the region: the first one is also kept as first read.</summary>
        internal void Saw(RegionStatus status, RegionState? state)
        {
            var first = Status == null;
            Status = status;
            if (status.Error != null) return;
            Pipeline = state?.Pipeline;
            Job = state?.Job ?? Job;
            if (!first) return;
            FirstPipeline = Pipeline;
            _firstReadAnswered = true;
        }

        /// <summary>
        /// Takes a state read from a listing (no settings): the state and latest updates change, the
        /// settings stay as last known.
        /// </summary>
        internal void SawState(PipelineInfo listed)
        {
            if (Pipeline == null) return;
            var copy = ApiJson.DeepCopy(Pipeline);
            copy.State = listed.State;
            copy.LatestUpdates = listed.LatestUpdates;
            copy.Cause = listed.Cause ?? copy.Cause;
            if (listed.Spec != null) copy.Spec = listed.Spec;
            Pipeline = copy;
        }
    }
}
