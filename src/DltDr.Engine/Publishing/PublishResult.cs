using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Publishing
{
    /// <summary>What a publish did in one region of one pair.</summary>
    public sealed class PublishResult : IPairResult
    {
        internal PublishResult(PairDefinition pair, RegionPlan plan, string pipelineId, long jobId)
        {
            Pair = pair.Name;
            _definition = pair;
            Region = plan.Region;
            Host = plan.Host.GetLeftPart(System.UriPartial.Authority);
            Role = plan.Active ? RegionRole.Active : RegionRole.Standby;
            Pipeline = Action(plan, "Pipeline");
            PipelineId = pipelineId;
            Job = Action(plan, "Job");
            JobId = jobId;
            NotebooksImported = plan.Resources.Count(r => r.Kind == "Notebook" && r.Action != PlanAction.None);
            NotebooksUnchanged = plan.Resources.Count(r => r.Kind == "Notebook" && r.Action == PlanAction.None);
            // A resource left as it was is said only with a note (a running primary adopted without an edit).
            Changes = plan.Resources.Where(r => r.Action != PlanAction.None || r.Note != null).Select(r => r.ToString())
                .ToArray();
            RestartedPipeline = plan.RestartsRunningPipeline;
        }

        private readonly PairDefinition _definition;

        PairDefinition IPairResult.GetDefinition() => _definition;

        public string Pair { get; }
        public Region Region { get; }
        public string Host { get; }

        /// <summary>The region's role, kept from the workspace (or primary-active on a first publish).</summary>
        public RegionRole Role { get; }

        /// <summary>Created, Updated or None (left as it was).</summary>
        public PlanAction Pipeline { get; }

        public string PipelineId { get; }
        public PlanAction Job { get; }
        public long JobId { get; }
        public int NotebooksImported { get; }
        public int NotebooksUnchanged { get; }

        /// <summary>Each change made, resource by resource, with its fields.</summary>
        public IReadOnlyList<string> Changes { get; }

        /// <summary>True when the edit restarted the running continuous pipeline.</summary>
        public bool RestartedPipeline { get; }

        private static PlanAction Action(RegionPlan plan, string kind) => plan.Resources.FirstOrDefault(r => r.Kind == kind)?.Action
            ?? PlanAction.None;
    }
}
