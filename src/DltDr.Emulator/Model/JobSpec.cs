using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using Quartz;

namespace DltDr.Emulator.Model
{
    /// <summary>What the Jobs API accepts as a job's settings: validated, with the service's defaults filled in.</summary>
    internal static class JobSpec
    {
        private const int MaxTags = 25;

        /// <summary>Validates settings and stores them as the service answers them, defaults included.</summary>
        internal static JObject Normalize(JObject input)
        {
            var s = (JObject)input.DeepClone();
            s.Remove("access_control_list");
            if (Json.OptString(s, "name") == null) s["name"] = "Untitled";
            if (s["email_notifications"] == null) s["email_notifications"] = new JObject();
            if (s["webhook_notifications"] == null) s["webhook_notifications"] = new JObject();
            if (s["timeout_seconds"] == null) s["timeout_seconds"] = 0;
            if (s["max_concurrent_runs"] == null) s["max_concurrent_runs"] = 1;
            s["format"] = "MULTI_TASK";
            var maxConcurrent = Json.OptLong(s, "max_concurrent_runs");
            if (maxConcurrent < 0
                || maxConcurrent > 1000) throw ApiException.InvalidParameter("max_concurrent_runs must be between 0 and 1000.");

            var tags = Json.OptObject(s, "tags");
            if (tags != null
                && tags.Count > MaxTags) throw ApiException.InvalidParameter($"A job can have at most {MaxTags} tags, but "
                    + $"{tags.Count} were given.");

            var schedule = Json.OptObject(s, "schedule");
            var triggers = new[] { "schedule", "continuous", "trigger" }.Where(k => s[k] != null && s[k]!.Type != JTokenType.Null).ToList();
            if (triggers.Count > 1) throw ApiException.InvalidParameter($"A job can have only one of schedule, continuous and "
                + $"trigger, but {string.Join(" and ", triggers)} were given.");
            if (schedule != null)
            {
                var expr = Json.OptString(schedule, "quartz_cron_expression");
                var tz = Json.OptString(schedule, "timezone_id");
                if (string.IsNullOrWhiteSpace(expr)) throw ApiException.InvalidParameter("Missing required field: "
                    + "schedule.quartz_cron_expression");
                if (string.IsNullOrWhiteSpace(tz)) throw ApiException.InvalidParameter("Missing required field: schedule.timezone_id");
                if (!CronExpression.IsValidExpression(expr)) throw ApiException.InvalidParameter($"Invalid quartz_cron_expression: "
                    + $"'{expr}'.");
                FindTimeZone(tz!);
                var pause = Json.OptString(schedule, "pause_status") ?? "UNPAUSED";
                if (pause != "PAUSED"
                    && pause != "UNPAUSED") throw ApiException.InvalidParameter($"Invalid pause_status '{pause}'. Allowed values: "
                        + $"PAUSED, UNPAUSED.");
                schedule["pause_status"] = pause;
            }

            var tasks = Json.OptArray(s, "tasks");
            if (tasks != null)
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var t in tasks)
                {
                    if (!(t is JObject task)) throw ApiException.Malformed("Each entry of 'tasks' must be an object.");
                    var key = Json.OptString(task, "task_key");
                    if (string.IsNullOrEmpty(key)) throw ApiException.InvalidParameter("Missing required field: task_key");
                    if (!keys.Add(key!)) throw ApiException.InvalidParameter($"Duplicate task_key '{key}'.");
                    var pt = Json.OptObject(task, "pipeline_task");
                    if (pt != null && string.IsNullOrEmpty(Json.OptString(pt, "pipeline_id")))
                        throw ApiException.InvalidParameter($"Missing required field: tasks[{key}].pipeline_task.pipeline_id");
                }
            }
            return s;
        }

        internal static TimeZoneInfo FindTimeZone(string id)
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw ApiException.InvalidParameter($"Invalid timezone_id '{id}'.");
            }
        }
    }
}
