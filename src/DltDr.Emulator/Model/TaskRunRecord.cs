using System;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>One task of a job run; a pipeline task follows the update it started.</summary>
    public sealed class TaskRunRecord
    {
        public TaskRunRecord(long runId, string taskKey, JObject task)
        {
            RunId = runId;
            TaskKey = taskKey;
            Task = task;
        }

        public long RunId { get; }
        public string TaskKey { get; }
        public JObject Task { get; }
        public string LifeCycle { get; set; } = "PENDING";
        public string? Result { get; set; }
        public string StateMessage { get; set; } = string.Empty;
        public DateTimeOffset? StartTime { get; set; }
        public DateTimeOffset? EndTime { get; set; }
        public string? PipelineId { get; set; }
        public string? UpdateId { get; set; }
        public bool IsTerminal => LifeCycle == "TERMINATED" || LifeCycle == "SKIPPED" || LifeCycle == "INTERNAL_ERROR";
    }
}
