using System;
using System.Linq;
using DltDr.Emulator.Simulation;
using Newtonsoft.Json.Linq;
using Quartz;

namespace DltDr.Emulator.Model
{
    /// <summary>
    /// A job run's life on the virtual clock: PENDING, RUNNING (a pipeline task starts an update of
    /// its pipeline, cause JOB_TASK, and ends with it), TERMINATING, TERMINATED; runs past the job's
    /// concurrency are queued or skipped; Quartz schedules fire periodic runs.
    /// </summary>
    internal sealed class RunLifecycle
    {
        private readonly SimulationContext _sim;
        private readonly JobStore _store;

        public RunLifecycle(SimulationContext sim, JobStore store)
        {
            _sim = sim;
            _store = store;
        }

        /// <summary>Starts a run now, or records it as skipped when the job's concurrency limit is reached.</summary>
        public RunRecord StartRun(JobRecord job, string trigger, string caller, bool? fullRefresh, DateTimeOffset now)
        {
            job.RunCount++;
            var run =
                new RunRecord(_store.NextRunId(), job.Id, job.RunCount, trigger, now, (JObject)job.Settings.DeepClone(),
                    caller) { FullRefresh = fullRefresh };
            _store.RunTable[run.RunId] = run;
            foreach (var t in (job.Settings["tasks"] as JArray ?? new JArray()).OfType<JObject>())
            {
                run.Tasks.Add(new TaskRunRecord(_store.NextRunId(), (string?)t["task_key"] ?? "task", (JObject)t.DeepClone()));
            }

            var maxConcurrent = (int?)job.Settings["max_concurrent_store.RunTable"] ?? 1;
            var active = _store.RunTable.Values.Count(r => r.JobId == job.Id && r != run && !r.IsTerminal && r.LifeCycle != "QUEUED");
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
                _sim.Scheduler.At(now + _sim.Timings.OtherTask,
                    at => { if (!task.IsTerminal) EndTask(run, task, "SUCCESS", string.Empty, at); });
                return;
            }
            var pipelineId = (string?)pipelineTask["pipeline_id"] ?? string.Empty;
            task.PipelineId = pipelineId;
            var pipeline = _store.Pipelines.TryFind(pipelineId);
            if (pipeline == null)
            {
                EndTask(run, task, "FAILED", $"Pipeline {pipelineId} does not exist.", now);
                return;
            }
            var fullRefresh = run.FullRefresh ?? (bool?)pipelineTask["full_refresh"] ?? false;
            try
            {
                var update = _store.Pipelines.StartUpdateCore(pipeline, "JOB_TASK", new JObject { ["full_refresh"] = fullRefresh }, now);
                task.UpdateId = update.Id;
                _store.ByUpdate[update.Id] = (run, task);
            }
            catch (ApiException ex)
            {
                EndTask(run, task, "FAILED", ex.Message, now);
            }
        }

        public void OnUpdateEnded(UpdateRecord update, DateTimeOffset now)
        {
            if (!_store.ByUpdate.TryGetValue(update.Id, out var link)) return;
            _store.ByUpdate.Remove(update.Id);
            var result = update.State == "COMPLETED" ? "SUCCESS" : update.State == "CANCELED" ? "CANCELED" : "FAILED";
            var message = update.State == "FAILED" ? update.FailureMessage ?? $"Pipeline update {update.Id} failed." : string.Empty;
            EndTask(link.Run, link.Task, result, message, now);
        }

        public void EndTask(RunRecord run, TaskRunRecord task, string result, string message, DateTimeOffset now)
        {
            task.LifeCycle = "TERMINATED";
            task.Result = result;
            task.StateMessage = message;
            task.EndTime = now;
            if (run.Tasks.All(t => t.IsTerminal) && run.LifeCycle == "RUNNING") FinishRun(run, now);
        }

        public void FinishRun(RunRecord run, DateTimeOffset now)
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
            var next = _store.RunTable.Values.Where(r => r.JobId == jobId && r.LifeCycle == "QUEUED").OrderBy(r
                => r.RunId).FirstOrDefault();
            if (next == null) return;
            next.LifeCycle = "PENDING";
            SchedulePendingToRunning(next, now);
        }

        /// <summary>Plans the next firing of an UNPAUSED schedule on the virtual clock.</summary>
        public void Reschedule(JobRecord job, DateTimeOffset now)
        {
            job.ScheduleGeneration++;
            var schedule = job.Settings["schedule"] as JObject;
            if (schedule == null || (string?)schedule["pause_status"] == "PAUSED") return;
            var cron =
                new CronExpression((string)schedule["quartz_cron_expression"]!)
                {
                    TimeZone = JobSpec.FindTimeZone((string)schedule["timezone_id"]!),
                };
            var generation = job.ScheduleGeneration;
            var next = cron.GetNextValidTimeAfter(now);
            if (next == null) return;
            _sim.Scheduler.At(next.Value, at =>
            {
                if (job.ScheduleGeneration != generation || !_store.JobTable.ContainsKey(job.Id)) return;
                StartRun(job, "PERIODIC", job.CreatorUserName, null, at);
                Reschedule(job, at);
            });
        }
    }
}
