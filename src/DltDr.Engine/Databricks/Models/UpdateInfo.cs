using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>One update as get update and list updates answer it; creation_time is epoch milliseconds here.</summary>
    public sealed class UpdateInfo : ApiModel
    {
        [JsonProperty("update_id")] public string? UpdateId { get; set; }
        [JsonProperty("pipeline_id")] public string? PipelineId { get; set; }
        [JsonProperty("state")] public string? State { get; set; }
        [JsonProperty("cause")] public string? Cause { get; set; }
        [JsonProperty("creation_time")] public long? CreationTime { get; set; }
        [JsonProperty("full_refresh")] public bool? FullRefresh { get; set; }
    }
}
