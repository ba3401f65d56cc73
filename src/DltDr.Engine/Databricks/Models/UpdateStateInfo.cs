using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>An entry of <c>latest_updates</c>; its creation_time is an ISO-8601 string.</summary>
    public sealed class UpdateStateInfo : ApiModel
    {
        [JsonProperty("update_id")] public string? UpdateId { get; set; }
        [JsonProperty("state")] public string? State { get; set; }
        [JsonProperty("creation_time")] public string? CreationTime { get; set; }
    }
}
