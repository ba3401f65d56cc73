using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A job run; <c>status</c> (the newer shape) is kept as JSON beside <c>state</c>.</summary>
    public sealed class Run : ApiModel
    {
        [JsonProperty("run_id")] public long RunId { get; set; }
        [JsonProperty("job_id")] public long JobId { get; set; }
        [JsonProperty("number_in_job")] public long? NumberInJob { get; set; }
        [JsonProperty("state")] public RunState? State { get; set; }
        [JsonProperty("status")] public JObject? Status { get; set; }
        [JsonProperty("start_time")] public long? StartTime { get; set; }
        [JsonProperty("end_time")] public long? EndTime { get; set; }
        [JsonProperty("trigger")] public string? Trigger { get; set; }
        [JsonProperty("run_page_url")] public string? RunPageUrl { get; set; }

        public bool IsTerminal => State?.LifeCycleState is RunStates.Terminated or RunStates.Skipped or RunStates.InternalError;
    }
}
