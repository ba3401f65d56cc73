using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Emulator.Simulation;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>
    /// The Jobs 2.1/2.2 service of one workspace: settings, Quartz schedules that fire on the
    /// virtual clock, runs whose pipeline tasks start real updates and follow them, and
    /// idempotent run-now. Every public method runs under the simulation's lock.
    /// </summary>
    public sealed class JobStore
    {
        private const int MaxIdempotencyTokenLength = 64;
        private const int TasksPerPage = 100;

        private readonly SimulationContext _sim;
        private readonly PipelineStore _pipelines;
        private readonly Func<string> _baseUrl;
        private readonly Dictionary<long, JobRecord> _jobs = new Dictionary<long, JobRecord>();
        private readonly Dictionary<long, RunRecord> _runs = new Dictionary<long, RunRecord>();
        private readonly Dictionary<string, RunRecord> _byToken = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, (RunRecord Run, TaskRunRecord Task)> _byUpdate = new Dictionary<string,
            (RunRecord, TaskRunRecord)>(StringComparer.Ordinal);
        private long _nextJobId;
        private long _nextRunId;
        private readonly RunLifecycle _lifecycle;

        internal Dictionary<long, JobRecord> JobTable => _jobs;
        internal Dictionary<long, RunRecord> RunTable => _runs;
        internal Dictionary<string, (RunRecord Run, TaskRunRecord Task)> ByUpdate => _byUpdate;
        internal PipelineStore Pipelines => _pipelines;

        internal long NextRunId() => _nextRunId++;

        public JobStore(SimulationContext sim, PipelineStore pipelines, Func<string> baseUrl)
        {
            _sim = sim;
            _pipelines = pipelines;
            _baseUrl = baseUrl;
            _nextJobId = 100_000_000_000_000 + sim.Random.Next(1, 900_000) * 1000L;
            _nextRunId = 500_000_000_000_000 + sim.Random.Next(1, 900_000) * 1000L;
            _lifecycle = new RunLifecycle(sim, this);
            _pipelines.UpdateEnded += _lifecycle.OnUpdateEnded;
        }

        public IReadOnlyCollection<JobRecord> All => _jobs.Values;

        public IReadOnlyCollection<RunRecord> Runs => _runs.Values;

        // ---- jobs -------------------------------------------------------------------------------

        public JObject Create(JObject body, string caller, DateTimeOffset now)
        {
            var settings = JobSpec.Normalize(body);
            var job = new JobRecord(_nextJobId++, settings, caller, now);
            _jobs[job.Id] = job;
            _lifecycle.Reschedule(job, now);
            return new JObject { ["job_id"] = job.Id };
        }

        public void Reset(JObject body, DateTimeOffset now)
        {
            var job = FindJob(Json.RequiredLong(body, "job_id"));
            var newSettings = Json.OptObject(body, "new_settings")
                ?? throw ApiException.InvalidParameter("Missing required field: new_settings");
            job.Settings = JobSpec.Normalize(newSettings);
            _lifecycle.Reschedule(job, now);
        }

        /// <summary>
        /// Partial update: top-level fields replace, <c>tasks</c> merge by <c>task_key</c>, <c>fields_to_remove</c> drops fields or tasks.
        /// </summary>
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
                var keyName = array == "tasks" ? "task_key" : array == "job_clusters" ? "job_cluster_key" : array == "environments"
                    ? "environment_key" : null;
                if (keyName == null || !(merged[array] is JArray items))
                    throw ApiException.InvalidParameter($"Invalid field to remove: '{field}'.");
                var victim = items.OfType<JObject>().FirstOrDefault(o => (string?)o[keyName] == key)
                             ?? throw ApiException.InvalidParameter($"Cannot remove '{field}': no such entry.");
                victim.Remove();
            }
            job.Settings = JobSpec.Normalize(merged);
            _lifecycle.Reschedule(job, now);
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
                    throw ApiException.InvalidParameter($"idempotency_token must be at most {MaxIdempotencyTokenLength} characters, "
                        + $"but it has {token.Length}.");
                if (_byToken.TryGetValue(token, out var existing))
                {
                    // The same token answers the run it started, never a second one.
                    return new JObject { ["run_id"] = existing.RunId, ["number_in_job"] = existing.NumberInJob };
                }
            }
            var fullRefresh = Json.OptBool(Json.OptObject(body, "pipeline_params") ?? new JObject(), "full_refresh");
            var run = _lifecycle.StartRun(job, "ONE_TIME", caller, fullRefresh, now);
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
            var o = JobJson.RunJson(run, includeTasks: true, _baseUrl());
            // API 2.2 pages a run's tasks at 100 too.
            if (pageTasks) PageArray(o, "tasks", pageToken, o);
            return o;
        }

        public JObject ListRuns(long? jobId, bool activeOnly, bool completedOnly, int? limit, int? offset, string? pageToken,
            long? startFrom, long? startTo, bool expandTasks)
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
            if (page.Count > 0) o["runs"] = new JArray(page.Select(r => JobJson.RunJson(r, expandTasks, _baseUrl())));
            return o;
        }

        public void CancelRun(JObject body, DateTimeOffset now)
        {
            var run = FindRun(Json.RequiredLong(body, "run_id"));
            if (run.IsTerminal || run.LifeCycle == "TERMINATING") return;
            run.UserCancelled = true;
            foreach (var task in run.Tasks.Where(t => !t.IsTerminal))
            {
                if (task.UpdateId != null && task.PipelineId != null && _pipelines.TryFind(task.PipelineId) is PipelineRecord p
                    && p.ActiveUpdate?.Id == task.UpdateId)
                {
                    // The task ends when the update it started is cancelled.
                    _pipelines.Stop(task.PipelineId, now);
                }
                else
                {
                    _lifecycle.EndTask(run, task, "CANCELED", "Run was cancelled.", now);
                }
            }
            if (run.LifeCycle == "PENDING" || run.LifeCycle == "QUEUED") _lifecycle.FinishRun(run, now);
        }
        // ---- schedule ---------------------------------------------------------------------------

        private JobRecord FindJob(long id)
            => _jobs.TryGetValue(id, out var j) ? j : throw ApiException.InvalidParameter($"Job {id} does not exist.");

        private RunRecord FindRun(long id)
            => _runs.TryGetValue(id, out var r) ? r : throw ApiException.InvalidParameter($"Run {id} does not exist.");
    }
}
