using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Publishing
{
    /// <summary>Everything publishing would do in one region, resource by resource and field by field.</summary>
    public sealed class RegionPlan
    {
        internal RegionPlan(Region region, Uri host, bool active, RegionState state, JObject desiredPipeline)
        {
            Region = region;
            Host = host;
            Active = active;
            State = state;
            DesiredPipeline = desiredPipeline;
        }

        public Region Region { get; }
        public Uri Host { get; }

        /// <summary>The region's role after publishing: kept from the workspace, or primary-active on a first publish.</summary>
        public bool Active { get; }

        public RegionState State { get; }
        public JObject DesiredPipeline { get; }
        public List<ResourcePlan> Resources { get; } = new List<ResourcePlan>();
        internal List<NotebookFile> NotebooksToImport { get; } = new List<NotebookFile>();
        internal bool CreateFolder { get; set; }
        internal JObject? PipelineEditBody { get; set; }
        internal JObject? JobChanges { get; set; }

        /// <summary>The running pipeline adopted without an edit: its catch-up job names it (tag dltdr-pipeline).</summary>
        internal string? AdoptedPipelineId { get; set; }

        /// <summary>
        /// True when applying the plan restarts the region's running continuous pipeline (production, in the active region).
        /// </summary>
        public bool RestartsRunningPipeline { get; internal set; }

        public bool HasWrites => Resources.Any(r => r.Action != PlanAction.None);
    }
}
