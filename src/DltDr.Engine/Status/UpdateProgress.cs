using System.Collections.Generic;
using System.Linq;
using System;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Publishing;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// A pipeline's update_progress events (newest first), read for what the update list does not
    /// say: when an update ended, whether it ran before it ended, and why it failed.
    /// </summary>
    public sealed class UpdateProgress
    {
        /// <summary>The event filter that selects these events.</summary>
        public const string Filter = "event_type='update_progress'";

        private readonly IReadOnlyList<PipelineEvent> _events;

        public UpdateProgress(IEnumerable<PipelineEvent> newestFirst) => _events = newestFirst.ToList();

        /// <summary>
        /// When the region's data was last processed: the end of the newest update that reached
        /// RUNNING and then COMPLETED, or was canceled after running (a demotion stops the continuous
        /// update that way). Null when the events read hold none.
        /// </summary>
        public DateTimeOffset? LastProcessed()
        {
            foreach (var update in Updates())
            {
                var ran = update.Any(e => StateOf(e) == UpdateStates.Running);
                var end = update.FirstOrDefault(e => StateOf(e) == UpdateStates.Completed || StateOf(e) == UpdateStates.Canceled);
                if (ran && end != null) return Markers.ParseTime(end.Timestamp);
            }
            return null;
        }

        /// <summary>The error the service gave for the update's failure, if its events hold one.</summary>
        public string? FailureOf(string updateId)
        {
            var failed = _events.FirstOrDefault(e => UpdateIdOf(e) == updateId && StateOf(e) == UpdateStates.Failed);
            if (failed == null) return null;
            var messages = (failed.Error?["exceptions"] as JArray)?.Select(x => (string?)x["message"]).Where(m
                => !string.IsNullOrEmpty(m)).ToList();
            return messages != null && messages.Count > 0 ? string.Join("; ", messages) : failed.Message;
        }

        /// <summary>The events grouped by update, newest update first, each newest event first.</summary>
        private IEnumerable<List<PipelineEvent>> Updates()
            => _events.Where(e => UpdateIdOf(e) != null).GroupBy(UpdateIdOf).Select(g => g.ToList());

        private static string? UpdateIdOf(PipelineEvent e) => (string?)e.Origin?["update_id"];

        private static string? StateOf(PipelineEvent e)
            => e.Unknown.TryGetValue("details", out var d) ? (string?)d?["update_progress"]?["state"] : null;
    }
}
