using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Emulator.Api;
using DltDr.Emulator.Simulation;
using Newtonsoft.Json.Linq;
using Quartz;

namespace DltDr.Emulator.Model
{
    /// <summary>
    /// The Jobs 2.1/2.2 service of one workspace: settings, Quartz schedules that fire on the
    /// virtual clock, runs whose pipeline tasks start real updates and follow them, and
    /// idempotent run-now. Every public method runs under the simulation's lock.
    /// </summary>
    public sealed class JobStore
    {
        private const int MaxTags = 25;
        private const int MaxIdempotencyTokenLength = 64;
        private const int TasksPerPage = 100;

        private readonly SimulationContext _sim;
        private readonly PipelineStore _pipelines;
        private readonly Func<string> _baseUrl;
        private readonly Dictionary<long, JobRecord> _jobs = new Dictionary<long, JobRecord>();
        private readonly Dictionary<long, RunRecord> _runs = new Dictionary<long, RunRecord>();
        private readonly Dictionary<string, RunRecord> _byToken = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, (RunRecord Run, TaskRunRecord Task)> _byUpdate = new Dictionary<string, (RunRecord, TaskRunRecord)>(StringComparer.Ordinal);
        private long _nextJobId;
        private long _nextRunId;

        public JobStore(SimulationContext sim, PipelineStore pipelines, Func<string> baseUrl)
        {
            _sim = sim;
            _pipelines = pipelines;
            _baseUrl = baseUrl;
            _nextJobId = 100_000_000_000_000 + sim.Random.Next(1, 900_000) * 1000L;
            _nextRunId = 500_000_000_000_000 + sim.Random.Next(1, 900_000) * 1000L;
            _pipelines.UpdateEnded += OnUpdateEnded;
        }

        public IReadOnlyCollection<JobRecord> All => _jobs.Values;

        public IReadOnlyCollection<RunRecord> Runs => _runs.Values;

        // ---- jobs -------------------------------------------------------------------------------

        public JObject Create(JObject body, string caller, DateTimeOffset now)
        {
            var settings = NormalizeSettings(body);
            var job = new JobRecord(_nextJobId++, settings, caller, now);
            _jobs[job.Id] = job;
            Reschedule(job, now);
            return new JObject { ["job_id"] = job.Id };
        }

        public void Reset(JObject body, DateTimeOffset now)
        {
            var job = FindJob(Json.RequiredLong(body, "job_id"));
            var newSettings = Json.OptObject(body, "new_settings") ?? throw ApiException.InvalidParameter("Missing required field: new_settings");
            job.Settings = NormalizeSettings(newSettings);
            Reschedule(job, now);
        }

        /// <summary>Partial update: top-level fields replace, <c>tasks</c> merge by <c>task_key</c>, <c>fields_to_remove</c> drops fields or tasks.</summary>
        public void Update(JObject body, DateTimeOffset now)
        {
            var job = FindJob(Json.RequiredLong(body, "job_id"));
            var merged = (JObject)job.Settings.DeepClone();
            var newSettings = Json.OptObject(body, "new_settings");
            if (newSettings != null)
            {
                foreach (var prop in newSettings.Properties())
                {
                    if (prop.Name == "tasks" && prop.Value is JArray newTasks && merged["tasks"] is JArray oldTasks)
                    {
                        foreach (var t in newTasks.OfType<JObject>())
                        {
                            var key = (string?)t["task_key"];
                            var existing = oldTasks.OfType<JObject>().FirstOrDefault(o => (string?)o["task_key"] == key);
                            if (existing != null) existing.Replace(t.DeepClone());
                            else oldTasks.Add(t.DeepClone());
                        }
                    }
                    else
                    {
                        merged[prop.Name] = prop.Value.DeepClone();
                    }
                }
            }
            foreach (var field in Json.OptStringList(body, "fields_to_remove"))
            {
                var slash = field.IndexOf('/');
                if (slash < 0)
                {
                    merged.Remove(field);
                    continue;
                }
                var array = field.Substring(0, slash);
                var key = field.Substring(slash + 1);
                var keyName = array == "tasks" ? "task_key" : array == "job_clusters" ? "job_cluster_key" : array == "environments" ? "environment_key" : null;
                if (keyName == null || !(merged[array] is JArray items))
                    throw ApiException.InvalidParameter($"Invalid field to remove: '{field}'.");
                var victim = items.OfType<JObject>().FirstOrDefault(o => (string?)o[keyName] == key)
                             ?? throw ApiException.InvalidParameter($"Cannot remove '{field}': no such entry.");
                victim.Remove();
            }
            job.Settings = NormalizeSettings(merged);
            Reschedule(job, now);
        }

        public void Delete(JObject body)
        {
            var job = FindJob(Json.RequiredLong(body, "job_id"));
            job.ScheduleGeneration++;
            _jobs.Remove(job.Id);
        }

        public JObject Get(long jobId, bool pageTasks, string? pageToken)
        {
            var job = FindJob(jobId);
            var settings = (JObject)job.Settings.DeepClone();
            var o = new JObject
            {
                ["job_id"] = job.Id,
                ["creator_user_name"] = job.CreatorUserName,
                ["run_as_user_name"] = job.CreatorUserName,
                ["settings"] = settings,
                ["created_time"] = job.CreatedTime.ToUnixTimeMilliseconds(),
            };
            if (pageTasks)
            {
                // API 2.2 pages every long array of a job at 100, all with the one token.
                foreach (var name in PagedJobArrays) PageArray(settings, name, pageToken, o);
            }
            return o;
        }

        public JObject List(string? name, int? limit, int? offset, string? pageToken, bool expandTasks)
        {
            var max = limit ?? 20;
            if (max < 1 || max > 100) throw ApiException.InvalidParameter($"limit must be between 1 and 100, but got {max}.");
            var all = _jobs.Values
                .Where(j => name == null || string.Equals((string?)j.Settings["name"], name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(j => j.Id).ToList();
            var (page, o) = Paging.WithHasMore(all, offset, pageToken, max);
            if (page.Count > 0)
            {
                o["jobs"] = new JArray(page.Select(j =>
                {
                    var s = (JObject)j.Settings.DeepClone();
                    if (!expandTasks) s.Remove("tasks");
                    return new JObject
                    {
                        ["job_id"] = j.Id,
                        ["creator_user_name"] = j.CreatorUserName,
                        ["settings"] = s,
                        ["created_time"] = j.CreatedTime.ToUnixTimeMilliseconds(),
                    };
                }));
            }
            return o;
        }

        // ---- runs -------------------------------------------------------------------------------

        public JObject RunNow(JObject body, string caller, DateTimeOffset now)
        {
            var job = FindJob(Json.RequiredLong(body, "job_id"));
            var token = Json.OptString(body, "idempotency_token");
            if (token != null)
            {
                if (token.Length > MaxIdempotencyTokenLength)
                    throw ApiException.InvalidParameter($"idempotency_token must be at most {MaxIdempotencyTokenLength} characters, but it has {token.Length}.");
                if (_byToken.TryGetValue(token, out var existing))
                {
                    // The same token answers the run it started, never a second one.
                    return new JObject { ["run_id"] = existing.RunId, ["number_in_job"] = existing.NumberInJob };
                }
            }
            var fullRefresh = Json.OptBool(Json.OptObject(body, "pipeline_params") ?? new JObject(), "full_refresh");
            var run = StartRun(job, "ONE_TIME", caller, fullRefresh, now);
            if (token != null)
            {
                run.IdempotencyToken = token;
                _byToken[token] = run;
            }
            return new JObject { ["run_id"] = run.RunId, ["number_in_job"] = run.NumberInJob };
        }

        /// <summary>The arrays of a job's settings that API 2.2 pages.</summary>
        private static readonly string[] PagedJobArrays = { "tasks", "job_clusters", "parameters", "environments" };

        /// <summary>Replaces the array with its page; sets has_more and next_page_token when any array has more.</summary>
        private static void PageArray(JObject holder, string name, string? pageToken, JObject answer)
        {
            if (!(holder[name] is JArray array)) return;
            var (page, next) = Paging.Page(array.ToList(), pageToken, TasksPerPage);
            holder[name] = new JArray(page);
            if (next != null)
            {
                answer["has_more"] = true;
                answer["next_page_token"] = next;
            }
        }

        public JObject GetRun(long runId, bool pageTasks = false, string? pageToken = null)
        {
            var run = FindRun(runId);
            var o = RunJson(run, includeTasks: true);
            // API 2.2 pages a run's tasks at 100 too.
            if (pageTasks) PageArray(o, "tasks", pageToken, o);
            return o;
        }

        public JObject ListRuns(long? jobId, bool activeOnly, bool completedOnly, int? limit, int? offset, string? pageToken, long? startFrom, long? startTo, bool expandTasks)
        {
            if (activeOnly && completedOnly) throw ApiException.InvalidParameter("active_only and completed_only cannot both be true.");
            // 0 (as the SDKs send an unset limit) means the most a page holds.
            var max = limit ?? 20;
            if (max < 0 || max > 25) throw ApiException.InvalidParameter($"limit must be between 0 and 25, but got {max}.");
            if (max == 0) max = 25;
            if (jobId != null) FindJob(jobId.Value);
            var all = _runs.Values
                .Where(r => jobId == null || r.JobId == jobId)
                .Where(r => !activeOnly || !r.IsTerminal)
                .Where(r => !completedOnly || r.IsTerminal)
                .Where(r => startFrom == null || r.StartTime.ToUnixTimeMilliseconds() >= startFrom)
                .Where(r => startTo == null || r.StartTime.ToUnixTimeMilliseconds() <= startTo)
                .OrderByDescending(r => r.StartTime).ThenByDescending(r => r.RunId).ToList();
            var (page, o) = Paging.WithHasMore(all, offset, pageToken, max);
            if (page.Count > 0) o["runs"] = new JArray(page.Select(r => RunJson(r, expandTasks)));
            return o;
        }

        public void CancelRun(JObject body, DateTimeOffset now)
        {
            var run = FindRun(Json.RequiredLong(body, "run_id"));
            if (run.IsTerminal || run.LifeCycle == "TERMINATING") return;
            run.UserCancelled = true;
            foreach (var task in run.Tasks.Where(t => !t.IsTerminal))
            {
                if (task.UpdateId != null && task.PipelineId != null && _pipelines.TryFind(task.PipelineId) is PipelineRecord p && p.ActiveUpdate?.Id == task.UpdateId)
                {
                    // The task ends when the update it started is cancelled.
                    _pipelines.Stop(task.PipelineId, now);
                }
                else
                {
                    EndTask(run, task, "CANCELED", "Run was cancelled.", now);
                }
            }
            if (run.LifeCycle == "PENDING" || run.LifeCycle == "QUEUED") FinishRun(run, now);
        }

        /// <summary>Starts a run now, or records it as skipped when the job's concurrency limit is reached.</summary>
        private RunRecord StartRun(JobRecord job, string trigger, string caller, bool? fullRefresh, DateTimeOffset now)
        {
            job.RunCount++;
            var run = new RunRecord(_nextRunId++, job.Id, job.RunCount, trigger, now, (JObject)job.Settings.DeepClone(), caller) { FullRefresh = fullRefresh };
            _runs[run.RunId] = run;
            foreach (var t in (job.Settings["tasks"] as JArray ?? new JArray()).OfType<JObject>())
            {
                run.Tasks.Add(new TaskRunRecord(_nextRunId++, (string?)t["task_key"] ?? "task", (JObject)t.DeepClone()));
            }

            var maxConcurrent = (int?)job.Settings["max_concurrent_runs"] ?? 1;
            var active = _runs.Values.Count(r => r.JobId == job.Id && r != run && !r.IsTerminal && r.LifeCycle != "QUEUED");
            if (active >= maxConcurrent)
            {
                var queueEnabled = (bool?)job.Settings["queue"]?["enabled"] ?? false;
                if (queueEnabled)
                {
                    run.LifeCycle = "QUEUED";
                    return run;
                }
                run.LifeCycle = "SKIPPED";
                run.StateMessage = $"Skipping this run because the limit of {maxConcurrent} maximum concurrent runs has been reached.";
                run.EndTime = now;
                run.TerminationCode = "MAX_CONCURRENT_RUNS_EXCEEDED";
                run.TerminationType = "CLIENT_ERROR";
                foreach (var t in run.Tasks)
                {
                    t.LifeCycle = "SKIPPED";
                    t.EndTime = now;
                }
                return run;
            }
            SchedulePendingToRunning(run, now);
            return run;
        }

        private void SchedulePendingToRunning(RunRecord run, DateTimeOffset now)
        {
            _sim.Scheduler.At(now + _sim.Timings.JobRunPending, at =>
            {
                if (run.LifeCycle != "PENDING") return;
                run.LifeCycle = "RUNNING";
                run.ExecutionStart = at;
                foreach (var task in run.Tasks) StartTask(run, task, at);
                if (run.Tasks.Count == 0) FinishRun(run, at);
            });
        }

        private void StartTask(RunRecord run, TaskRunRecord task, DateTimeOffset now)
        {
            task.LifeCycle = "RUNNING";
            task.StartTime = now;
            var pipelineTask = task.Task["pipeline_task"] as JObject;
            if (pipelineTask == null)
            {
                _sim.Scheduler.At(now + _sim.Timings.OtherTask, at => { if (!task.IsTerminal) EndTask(run, task, "SUCCESS", string.Empty, at); });
                return;
            }
            var pipelineId = (string?)pipelineTask["pipeline_id"] ?? string.Empty;
            task.PipelineId = pipelineId;
            var pipeline = _pipelines.TryFind(pipelineId);
            if (pipeline == null)
            {
                EndTask(run, task, "FAILED", $"Pipeline {pipelineId} does not exist.", now);
                return;
            }
            var fullRefresh = run.FullRefresh ?? (bool?)pipelineTask["full_refresh"] ?? false;
            try
            {
                var update = _pipelines.StartUpdateCore(pipeline, "JOB_TASK", new JObject { ["full_refresh"] = fullRefresh }, now);
                task.UpdateId = update.Id;
                _byUpdate[update.Id] = (run, task);
            }
            catch (ApiException ex)
            {
                EndTask(run, task, "FAILED", ex.Message, now);
            }
        }

        private void OnUpdateEnded(UpdateRecord update, DateTimeOffset now)
        {
            if (!_byUpdate.TryGetValue(update.Id, out var link)) return;
            _byUpdate.Remove(update.Id);
            var result = update.State == "COMPLETED" ? "SUCCESS" : update.State == "CANCELED" ? "CANCELED" : "FAILED";
            var message = update.State == "FAILED" ? update.FailureMessage ?? $"Pipeline update {update.Id} failed." : string.Empty;
            EndTask(link.Run, link.Task, result, message, now);
        }

        private void EndTask(RunRecord run, TaskRunRecord task, string result, string message, DateTimeOffset now)
        {
            task.LifeCycle = "TERMINATED";
            task.Result = result;
            task.StateMessage = message;
            task.EndTime = now;
            if (run.Tasks.All(t => t.IsTerminal) && run.LifeCycle == "RUNNING") FinishRun(run, now);
        }

        private void FinishRun(RunRecord run, DateTimeOffset now)
        {
            foreach (var t in run.Tasks.Where(t => !t.IsTerminal))
            {
                t.LifeCycle = "TERMINATED";
                t.Result = "CANCELED";
                t.EndTime = now;
            }
            run.LifeCycle = "TERMINATING";
            _sim.Scheduler.At(now + _sim.Timings.JobRunTerminating, at =>
            {
                run.LifeCycle = "TERMINATED";
                run.EndTime = at;
                var failed = run.Tasks.FirstOrDefault(t => t.Result == "FAILED");
                if (run.UserCancelled || run.Tasks.Any(t => t.Result == "CANCELED") && failed == null)
                {
                    run.Result = "CANCELED";
                    run.StateMessage = run.UserCancelled ? "Run cancelled." : "A task was cancelled.";
                    run.TerminationCode = run.UserCancelled ? "USER_CANCELED" : "CANCELED";
                    run.TerminationType = "CLIENT_ERROR";
                }
                else if (failed != null)
                {
                    run.Result = "FAILED";
                    run.StateMessage = $"Task {failed.TaskKey} failed with message: {failed.StateMessage}";
                    run.TerminationCode = "RUN_EXECUTION_ERROR";
                    run.TerminationType = "CLIENT_ERROR";
                }
                else
                {
                    run.Result = "SUCCESS";
                    run.StateMessage = string.Empty;
                    run.TerminationCode = "SUCCESS";
                    run.TerminationType = "SUCCESS";
                }
                StartQueuedRun(run.JobId, at);
            });
        }

        private void StartQueuedRun(long jobId, DateTimeOffset now)
        {
            var next = _runs.Values.Where(r => r.JobId == jobId && r.LifeCycle == "QUEUED").OrderBy(r => r.RunId).FirstOrDefault();
            if (next == null) return;
            next.LifeCycle = "PENDING";
            SchedulePendingToRunning(next, now);
        }

        // ---- schedule ---------------------------------------------------------------------------

        /// <summary>Plans the next firing of an UNPAUSED schedule on the virtual clock.</summary>
        private void Reschedule(JobRecord job, DateTimeOffset now)
        {
            job.ScheduleGeneration++;
            var schedule = job.Settings["schedule"] as JObject;
            if (schedule == null || (string?)schedule["pause_status"] == "PAUSED") return;
            var cron = new CronExpression((string)schedule["quartz_cron_expression"]!) { TimeZone = FindTimeZone((string)schedule["timezone_id"]!) };
            var generation = job.ScheduleGeneration;
            var next = cron.GetNextValidTimeAfter(now);
            if (next == null) return;
            _sim.Scheduler.At(next.Value, at =>
            {
                if (job.ScheduleGeneration != generation || !_jobs.ContainsKey(job.Id)) return;
                StartRun(job, "PERIODIC", job.CreatorUserName, null, at);
                Reschedule(job, at);
            });
        }

        // ---- shapes and validation --------------------------------------------------------------

        private JObject RunJson(RunRecord run, bool includeTasks)
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
                ["run_page_url"] = $"{_baseUrl()}/?o=0#job/{run.JobId}/run/{run.RunId}",
                ["run_type"] = "JOB_RUN",
                ["attempt_number"] = 0,
                ["format"] = "MULTI_TASK",
            };
            if (run.Trigger == "PERIODIC" && run.Settings["schedule"] != null) o["schedule"] = run.Settings["schedule"]!.DeepClone();
            if (run.FullRefresh != null) o["overriding_parameters"] = new JObject { ["pipeline_params"] = new JObject { ["full_refresh"] = run.FullRefresh.Value } };
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
                        ["status"] = StatusJson(t.LifeCycle, t.Result == null ? null : t.Result == "SUCCESS" ? "SUCCESS" : t.Result == "CANCELED" ? "CANCELED" : "RUN_EXECUTION_ERROR",
                            t.Result == null ? null : t.Result == "SUCCESS" ? "SUCCESS" : "CLIENT_ERROR", t.StateMessage),
                        ["start_time"] = t.StartTime?.ToUnixTimeMilliseconds() ?? 0,
                        ["setup_duration"] = 0,
                        ["execution_duration"] = Duration(t.StartTime, t.EndTime),
                        ["cleanup_duration"] = 0,
                        ["end_time"] = t.EndTime?.ToUnixTimeMilliseconds() ?? 0,
                        ["attempt_number"] = 0,
                        ["run_page_url"] = $"{_baseUrl()}/?o=0#job/{run.JobId}/run/{t.RunId}",
                    };
                    foreach (var kind in new[] { "pipeline_task", "notebook_task", "spark_python_task", "python_wheel_task", "sql_task", "run_job_task" })
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

        /// <summary>Validates settings and stores them as the service answers them, defaults included.</summary>
        private JObject NormalizeSettings(JObject input)
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
            if (maxConcurrent < 0 || maxConcurrent > 1000) throw ApiException.InvalidParameter("max_concurrent_runs must be between 0 and 1000.");

            var tags = Json.OptObject(s, "tags");
            if (tags != null && tags.Count > MaxTags) throw ApiException.InvalidParameter($"A job can have at most {MaxTags} tags, but {tags.Count} were given.");

            var schedule = Json.OptObject(s, "schedule");
            var triggers = new[] { "schedule", "continuous", "trigger" }.Where(k => s[k] != null && s[k]!.Type != JTokenType.Null).ToList();
            if (triggers.Count > 1) throw ApiException.InvalidParameter($"A job can have only one of schedule, continuous and trigger, but {string.Join(" and ", triggers)} were given.");
            if (schedule != null)
            {
                var expr = Json.OptString(schedule, "quartz_cron_expression");
                var tz = Json.OptString(schedule, "timezone_id");
                if (string.IsNullOrWhiteSpace(expr)) throw ApiException.InvalidParameter("Missing required field: schedule.quartz_cron_expression");
                if (string.IsNullOrWhiteSpace(tz)) throw ApiException.InvalidParameter("Missing required field: schedule.timezone_id");
                if (!CronExpression.IsValidExpression(expr)) throw ApiException.InvalidParameter($"Invalid quartz_cron_expression: '{expr}'.");
                FindTimeZone(tz!);
                var pause = Json.OptString(schedule, "pause_status") ?? "UNPAUSED";
                if (pause != "PAUSED" && pause != "UNPAUSED") throw ApiException.InvalidParameter($"Invalid pause_status '{pause}'. Allowed values: PAUSED, UNPAUSED.");
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

        private static TimeZoneInfo FindTimeZone(string id)
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

        private JobRecord FindJob(long id)
            => _jobs.TryGetValue(id, out var j) ? j : throw ApiException.InvalidParameter($"Job {id} does not exist.");

        private RunRecord FindRun(long id)
            => _runs.TryGetValue(id, out var r) ? r : throw ApiException.InvalidParameter($"Run {id} does not exist.");
    }
}
