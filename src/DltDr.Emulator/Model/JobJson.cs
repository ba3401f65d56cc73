using System;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>The Jobs API's wire shape of a run (with its tasks, state and status), as the service answers it.</summary>
    internal static class JobJson
    {
        // ---- shapes and validation --------------------------------------------------------------

        internal static JObject RunJson(RunRecord run, bool includeTasks, string baseUrl)
        {
            var state = new JObject
            {
                ["life_cycle_state"] = run.LifeCycle,
                ["state_message"] = run.StateMessage,
                ["user_cancelled_or_timedout"] = run.UserCancelled,
            };
            if (run.Result != null) state["result_state"] = run.Result;
            if (run.LifeCycle == "SKIPPED") state["result_state"] = "MAXIMUM_CONCURRENT_RUNS_REACHED";
            var o = new JObject
            {
                ["job_id"] = run.JobId,
                ["run_id"] = run.RunId,
                ["creator_user_name"] = run.CreatorUserName,
                ["number_in_job"] = run.NumberInJob,
                ["original_attempt_run_id"] = run.RunId,
                ["state"] = state,
                ["status"] = StatusJson(run.LifeCycle, run.TerminationCode, run.TerminationType, run.StateMessage),
                ["start_time"] = run.StartTime.ToUnixTimeMilliseconds(),
                ["setup_duration"] = 0,
                ["execution_duration"] = Duration(run.ExecutionStart, run.EndTime),
                ["cleanup_duration"] = 0,
                ["end_time"] = run.EndTime?.ToUnixTimeMilliseconds() ?? 0,
                ["run_duration"] = run.EndTime != null ? (long)(run.EndTime.Value - run.StartTime).TotalMilliseconds : 0,
                ["trigger"] = run.Trigger,
                ["run_name"] = (string?)run.Settings["name"] ?? "Untitled",
                ["run_page_url"] = $"{baseUrl}/?o=0#job/{run.JobId}/run/{run.RunId}",
                ["run_type"] = "JOB_RUN",
                ["attempt_number"] = 0,
                ["format"] = "MULTI_TASK",
            };
            if (run.Trigger == "PERIODIC" && run.Settings["schedule"] != null) o["schedule"] = run.Settings["schedule"]!.DeepClone();
            if (run.FullRefresh != null) o["overriding_parameters"] =
                new JObject { ["pipeline_params"] = new JObject { ["full_refresh"] = run.FullRefresh.Value } };
            if (includeTasks)
            {
                o["tasks"] = new JArray(run.Tasks.Select(t =>
                {
                    var ts = new JObject
                    {
                        ["life_cycle_state"] = t.LifeCycle,
                        ["state_message"] = t.StateMessage,
                        ["user_cancelled_or_timedout"] = run.UserCancelled,
                    };
                    if (t.Result != null) ts["result_state"] = t.Result;
                    var task = new JObject
                    {
                        ["run_id"] = t.RunId,
                        ["task_key"] = t.TaskKey,
                        ["state"] = ts,
                        ["status"] = StatusJson(t.LifeCycle,
                            t.Result == null ? null : t.Result == "SUCCESS" ? "SUCCESS" : t.Result == "CANCELED" ? "CANCELED"
                                : "RUN_EXECUTION_ERROR",
                            t.Result == null ? null : t.Result == "SUCCESS" ? "SUCCESS" : "CLIENT_ERROR", t.StateMessage),
                        ["start_time"] = t.StartTime?.ToUnixTimeMilliseconds() ?? 0,
                        ["setup_duration"] = 0,
                        ["execution_duration"] = Duration(t.StartTime, t.EndTime),
                        ["cleanup_duration"] = 0,
                        ["end_time"] = t.EndTime?.ToUnixTimeMilliseconds() ?? 0,
                        ["attempt_number"] = 0,
                        ["run_page_url"] = $"{baseUrl}/?o=0#job/{run.JobId}/run/{t.RunId}",
                    };
                    foreach (var kind in new[] { "pipeline_task", "notebook_task", "spark_python_task", "python_wheel_task", "sql_task",
                        "run_job_task" })
                    {
                        if (t.Task[kind] != null) task[kind] = t.Task[kind]!.DeepClone();
                    }
                    return task;
                }));
            }
            return o;
        }


        private static JObject StatusJson(string lifeCycle, string? code, string? type, string message)
        {
            var v2 = lifeCycle switch
            {
                "SKIPPED" => "TERMINATED",
                "INTERNAL_ERROR" => "TERMINATED",
                "WAITING_FOR_RETRY" => "WAITING",
                _ => lifeCycle,
            };
            var o = new JObject { ["state"] = v2 };
            if (code != null) o["termination_details"] = new JObject { ["code"] = code, ["type"] = type, ["message"] = message };
            return o;
        }

        private static long Duration(DateTimeOffset? from, DateTimeOffset? to)
            => from != null && to != null ? (long)(to.Value - from.Value).TotalMilliseconds : 0;
    }
}
