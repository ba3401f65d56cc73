using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    public sealed class RunState : ApiModel
    {
        [JsonProperty("life_cycle_state")] public string? LifeCycleState { get; set; }
        [JsonProperty("result_state")] public string? ResultState { get; set; }
        [JsonProperty("state_message")] public string? StateMessage { get; set; }
        [JsonProperty("user_cancelled_or_timedout")] public bool? UserCancelledOrTimedOut { get; set; }
    }
}
