using System.Collections.Generic;
using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A failover group's set of workspaces that replicate to each other across its regions.</summary>
    public sealed class WorkspaceSet : ApiModel
    {
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("workspace_ids")] public List<string>? WorkspaceIds { get; set; }
        [JsonProperty("replicate_workspace_assets")] public bool? ReplicateWorkspaceAssets { get; set; }
    }
}
