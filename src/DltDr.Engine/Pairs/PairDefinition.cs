using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Everything about a pair that is not live state: the shared pipeline settings, the notebooks,
    /// the catch-up schedule, and per region the workspace, storage, overrides and auth. Which
    /// region is active is never here: it is read from the workspaces.
    /// </summary>
    public sealed class PairDefinition
    {
        public PairDefinition(string name, string source, JObject pipeline, NotebookSet notebooks, CatchUpSchedule catchUp,
            RegionDefinition primary, RegionDefinition secondary, string? group = null, IReadOnlyList<string>? dependsOn = null,
            Objectives? objectives = null)
        {
            Objectives = objectives ?? Objectives.None;
            Group = group;
            DependsOn = dependsOn ?? Array.Empty<string>();
            Name = name;
            Source = source;
            Pipeline = pipeline;
            Notebooks = notebooks;
            CatchUp = catchUp;
            Primary = primary;
            Secondary = secondary;
        }

        public string Name { get; }

        /// <summary>The group the pair belongs to (switched together with -Group), if any.</summary>
        public string? Group { get; }

        /// <summary>The pairs this one reads from: each must run in a region before this one is made active there.</summary>
        public IReadOnlyList<string> DependsOn { get; }

        /// <summary>The recovery time and standby lag objectives: the pair's own, else its group's.</summary>
        public Objectives Objectives { get; private set; }

        /// <summary>The account failover group the pair's group follows (its group file's failoverGroup), if any.</summary>
        public FailoverGroupLink? FailoverGroup { get; private set; }

        /// <summary>This pair with its group's objectives under its own (<see cref="Objectives.Over"/>) and failover group.</summary>
        internal PairDefinition WithGroup(Objectives group, FailoverGroupLink? failoverGroup)
        {
            Objectives = Objectives.Over(group);
            FailoverGroup = failoverGroup;
            return this;
        }

        /// <summary>The file it was read from, or where else it came from.</summary>
        public string Source { get; }

        /// <summary>Pipeline settings shared by both regions (name, target or catalog and schema, edition, clusters, ...).</summary>
        public JObject Pipeline { get; }

        public string PipelineName => (string?)Pipeline["name"] ?? Name;

        public NotebookSet Notebooks { get; }
        public CatchUpSchedule CatchUp { get; }
        public RegionDefinition Primary { get; }
        public RegionDefinition Secondary { get; }

        public RegionDefinition this[Region region] => region == Region.Primary ? Primary : Secondary;

        public override string ToString() => Name;
    }
}
