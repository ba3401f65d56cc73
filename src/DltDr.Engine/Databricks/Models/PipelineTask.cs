using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    public sealed class PipelineTask : ApiModel
    {
        [JsonProperty("pipeline_id")] public string? PipelineId { get; set; }
        [JsonProperty("full_refresh")] public bool? FullRefresh { get; set; }
    }
}
