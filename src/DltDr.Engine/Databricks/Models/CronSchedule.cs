using Newtonsoft.Json;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A job's Quartz schedule and whether it is paused.</summary>
    public sealed class CronSchedule : ApiModel
    {
        public const string Paused = "PAUSED";
        public const string Unpaused = "UNPAUSED";

        [JsonProperty("quartz_cron_expression")] public string? QuartzCronExpression { get; set; }
        [JsonProperty("timezone_id")] public string? TimezoneId { get; set; }
        [JsonProperty("pause_status")] public string? PauseStatus { get; set; }
    }
}
