using System.Collections.Generic;
using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>An account failover group as the Disaster Recovery API answers it (what DltDr reads of it).</summary>
    public sealed class FailoverGroupInfo : ApiModel
    {
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("regions")] public List<string>? Regions { get; set; }
        [JsonProperty("effective_primary_region")] public string? EffectivePrimaryRegion { get; set; }
        [JsonProperty("workspace_sets")] public List<WorkspaceSet>? WorkspaceSets { get; set; }

        /// <summary>The Unity Catalog replication: catalogs[].name are replicated to the other region, read-only there.</summary>
        [JsonProperty("unity_catalog_assets")] public Newtonsoft.Json.Linq.JObject? UnityCatalogAssets { get; set; }

        /// <summary>ACTIVE, FAILING_OVER, FAILOVER_FAILED, CREATING, INITIAL_REPLICATION, ...</summary>
        [JsonProperty("state")] public string? State { get; set; }

        [JsonProperty("replication_point")] public string? ReplicationPoint { get; set; }
        [JsonProperty("etag")] public string? Etag { get; set; }

        /// <summary>When the group last changed (a failover among others), RFC 3339.</summary>
        [JsonProperty("update_time")] public string? UpdateTime { get; set; }
    }
}
