using System.Collections.Generic;
using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A pipeline as get answers it (list answers the same without spec and last_modified).</summary>
    public sealed class PipelineInfo : ApiModel
    {
        [JsonProperty("pipeline_id")] public string? PipelineId { get; set; }
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("spec")] public PipelineSettings? Spec { get; set; }
        [JsonProperty("state")] public string? State { get; set; }
        [JsonProperty("health")] public string? Health { get; set; }
        [JsonProperty("cause")] public string? Cause { get; set; }
        [JsonProperty("cluster_id")] public string? ClusterId { get; set; }
        [JsonProperty("creator_user_name")] public string? CreatorUserName { get; set; }
        [JsonProperty("run_as_user_name")] public string? RunAsUserName { get; set; }
        [JsonProperty("last_modified")] public long? LastModified { get; set; }
        [JsonProperty("latest_updates")] public List<UpdateStateInfo>? LatestUpdates { get; set; }
    }
}
