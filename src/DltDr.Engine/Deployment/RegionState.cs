using DltDr.Engine.Databricks.Models;

namespace DltDr.Engine.Deployment
{
    /// <summary>What a region holds of a pair, found by marker: its pipeline and catch-up job, if any.</summary>
    public sealed class RegionState
    {
        public RegionState(PipelineInfo? pipeline, Job? job)
        {
            Pipeline = pipeline;
            Job = job;
        }

        public PipelineInfo? Pipeline { get; }
        public Job? Job { get; }

        /// <summary>The live role: a continuous pipeline is the active one.</summary>
        public bool? Active => Pipeline?.Spec?.Continuous ?? (Pipeline != null ? false : (bool?)null);
    }
}
