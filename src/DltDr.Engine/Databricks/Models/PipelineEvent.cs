using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>An entry of a pipeline's event log.</summary>
    public sealed class PipelineEvent : ApiModel
    {
        [JsonProperty("id")] public string? Id { get; set; }
        [JsonProperty("timestamp")] public string? Timestamp { get; set; }
        [JsonProperty("event_type")] public string? EventType { get; set; }
        [JsonProperty("level")] public string? Level { get; set; }
        [JsonProperty("message")] public string? Message { get; set; }
        [JsonProperty("origin")] public JObject? Origin { get; set; }
        [JsonProperty("error")] public JObject? Error { get; set; }
    }
}
