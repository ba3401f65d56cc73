using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    public sealed class Job : ApiModel
    {
        [JsonProperty("job_id")] public long JobId { get; set; }
        [JsonProperty("creator_user_name")] public string? CreatorUserName { get; set; }
        [JsonProperty("created_time")] public long? CreatedTime { get; set; }
        [JsonProperty("settings")] public JobSettings? Settings { get; set; }
    }
}
