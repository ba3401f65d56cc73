using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>One run of a job.</summary>
    public sealed class RunRecord
    {
        public RunRecord(long runId, long jobId, int numberInJob, string trigger, DateTimeOffset startTime, JObject settings,
            string creator)
        {
            RunId = runId;
            JobId = jobId;
            NumberInJob = numberInJob;
            Trigger = trigger;
            StartTime = startTime;
            Settings = settings;
            CreatorUserName = creator;
        }

        public long RunId { get; }
        public long JobId { get; }
        public int NumberInJob { get; }

        /// <summary>ONE_TIME for run-now, PERIODIC for the schedule.</summary>
        public string Trigger { get; }

        public DateTimeOffset StartTime { get; }
        public JObject Settings { get; }
        public string CreatorUserName { get; }
        public string? IdempotencyToken { get; set; }
        public bool? FullRefresh { get; set; }
        public string LifeCycle { get; set; } = "PENDING";
        public string? Result { get; set; }
        public string StateMessage { get; set; } = string.Empty;
        public bool UserCancelled { get; set; }
        public DateTimeOffset? ExecutionStart { get; set; }
        public DateTimeOffset? EndTime { get; set; }
        public string? TerminationCode { get; set; }
        public string? TerminationType { get; set; }
        public List<TaskRunRecord> Tasks { get; } = new List<TaskRunRecord>();

        public bool IsTerminal => LifeCycle == "TERMINATED" || LifeCycle == "SKIPPED" || LifeCycle == "INTERNAL_ERROR";
    }
}
