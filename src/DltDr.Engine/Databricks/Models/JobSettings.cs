using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks.Models
{
    public sealed class JobSettings : ApiModel
    {
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("tags")] public Dictionary<string, string>? Tags { get; set; }
        [JsonProperty("max_concurrent_runs")] public int? MaxConcurrentRuns { get; set; }
        [JsonProperty("timeout_seconds")] public int? TimeoutSeconds { get; set; }
        [JsonProperty("email_notifications")] public JObject? EmailNotifications { get; set; }
        [JsonProperty("schedule")] public CronSchedule? Schedule { get; set; }
        [JsonProperty("tasks")] public List<JobTask>? Tasks { get; set; }
    }
}
