using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// A pipeline's updates as its latest updates and, when read, its event log tell them: how fresh
    /// its data is, and why its last update failed. The event log is read unfiltered (its documented
    /// filter has no event type) and its update_progress events are picked out here.
    /// </summary>
    public sealed class UpdateProgress
    {
        /// <summary>How many of the newest events one read asks for (the service allows up to 1000).</summary>
        public const int EventsRead = 250;

        private const string ProgressEventType = "update_progress";

        private readonly IReadOnlyList<PipelineEvent> _progress;
        private readonly IReadOnlyList<UpdateStateInfo> _latest;

        /// <param name="newestFirst">Events as the service gave them, newest first; those of other types are left out.</param>
        /// <param name="latestUpdates">The pipeline's latest updates, newest first.</param>
        public UpdateProgress(IEnumerable<PipelineEvent> newestFirst, IEnumerable<UpdateStateInfo>? latestUpdates = null)
        {
            _progress = newestFirst.Where(e => e.EventType == ProgressEventType && UpdateIdOf(e) != null).ToList();
            _latest = latestUpdates?.ToList() ?? new List<UpdateStateInfo>();
        }

        /// <summary>
        /// When the data was last processed to: the start of the newest triggered update that completed
        /// (it processed what there was when it started), or the end of the newest update stopped after
        /// it ran (a demotion stops the continuous update that way), whichever update is newer. An
        /// update canceled before it ran, or failed, processed nothing. Null when nothing says.
        /// </summary>
        public DateTimeOffset? FreshAsOf()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var u in _latest)
            {
                if (u.UpdateId != null) seen.Add(u.UpdateId);
                if (u.State == UpdateStates.Completed) return Markers.ParseTime(u.CreationTime);
                if (u.State == UpdateStates.Canceled && u.UpdateId != null
                    && StoppedAfterRunning(u.UpdateId) is DateTimeOffset end) return end;
            }
            // Older than the latest updates shown: from the events alone.
            foreach (var update in _progress.GroupBy(UpdateIdOf).Where(g => !seen.Contains(g.Key!)))
            {
                var events = update.ToList();
                if (events.Any(e => StateOf(e) == UpdateStates.Completed)) return Markers.ParseTime(events.Last().Timestamp);
                if (StoppedAfterRunning(update.Key!) is DateTimeOffset end) return end;
            }
            return null;
        }

        /// <summary>
        /// The end of the update when it reached RUNNING and was then canceled; null otherwise or when its events were not read.
        /// </summary>
        private DateTimeOffset? StoppedAfterRunning(string updateId)
        {
            var events = _progress.Where(e => UpdateIdOf(e) == updateId).ToList();
            var ran = events.Any(e => StateOf(e) == UpdateStates.Running);
            var end = events.FirstOrDefault(e => StateOf(e) == UpdateStates.Canceled);
            return ran && end != null ? Markers.ParseTime(end.Timestamp) : null;
        }

        /// <summary>The error the service gave for the update's failure, if its events hold one.</summary>
        public string? FailureOf(string updateId)
        {
            var failed = _progress.FirstOrDefault(e => UpdateIdOf(e) == updateId && StateOf(e) == UpdateStates.Failed);
            if (failed == null) return null;
            var messages = (failed.Error?["exceptions"] as JArray)?.Select(x => (string?)x["message"])
                .Where(m => !string.IsNullOrEmpty(m)).ToList();
            return messages != null && messages.Count > 0 ? string.Join("; ", messages) : failed.Message;
        }

        private static string? UpdateIdOf(PipelineEvent e) => (string?)e.Origin?["update_id"];

        private static string? StateOf(PipelineEvent e)
            => e.Unknown.TryGetValue("details", out var d) ? (string?)d?["update_progress"]?["state"] : null;
    }
}
