using System;
using System.Collections.Generic;
using Newtonsoft.Json;

namespace DltDr.Engine.History
{
    /// <summary>
    /// One operation on a pair, as written to the history file of both workspaces: when (on the
    /// service's clock), what, from and to which region, planned or not, who (as the workspace
    /// reports the caller), the steps, the recovery time, and how it ended.
    /// </summary>
    public sealed class HistoryRecord
    {
        /// <summary>The same in both regions' files, so a merge counts an operation once.</summary>
        [JsonProperty("id")] public string Id { get; set; } = Guid.NewGuid().ToString("N");
        [JsonProperty("time")] public DateTimeOffset Time { get; set; }
        [JsonProperty("pair")] public string Pair { get; set; } = string.Empty;

        /// <summary>One of <see cref="HistoryOperations"/>.</summary>
        [JsonProperty("operation")] public string Operation { get; set; } = string.Empty;
        [JsonProperty("from", NullValueHandling = NullValueHandling.Ignore)] public string? From { get; set; }
        [JsonProperty("to", NullValueHandling = NullValueHandling.Ignore)] public string? To { get; set; }

        /// <summary>For a switch: false for an unplanned failover (-Unplanned with the other region unreachable).</summary>
        [JsonProperty("planned", NullValueHandling = NullValueHandling.Ignore)] public bool? Planned { get; set; }
        [JsonProperty("identity")] public string Identity { get; set; } = "unknown";
        [JsonProperty("steps")] public IReadOnlyList<string> Steps { get; set; } = Array.Empty<string>();
        [JsonProperty("recoverySeconds", NullValueHandling = NullValueHandling.Ignore)] public double? RecoverySeconds { get; set; }
        [JsonProperty("durationSeconds", NullValueHandling = NullValueHandling.Ignore)] public double? DurationSeconds { get; set; }

        /// <summary>One of <see cref="HistoryOutcomes"/>.</summary>
        [JsonProperty("outcome")] public string Outcome { get; set; } = string.Empty;

        /// <summary>
        /// For a switch that followed an account failover group: its id, and since when it had its
        /// primary in the region switched to (the group's update_time when read).
        /// </summary>
        [JsonProperty("failoverGroup", NullValueHandling = NullValueHandling.Ignore)]
        public string? FailoverGroup { get; set; }

        [JsonProperty("failoverGroupSince", NullValueHandling = NullValueHandling.Ignore)]
        public DateTimeOffset? FailoverGroupSince { get; set; }
        [JsonProperty("errorId", NullValueHandling = NullValueHandling.Ignore)] public string? ErrorId { get; set; }
        [JsonProperty("message", NullValueHandling = NullValueHandling.Ignore)] public string? Message { get; set; }

        /// <summary>The machine the command ran on (a runbook worker, an operator's laptop).</summary>
        [JsonProperty("machine", NullValueHandling = NullValueHandling.Ignore)] public string? Machine { get; set; }
        [JsonProperty("version", NullValueHandling = NullValueHandling.Ignore)] public string? Version { get; set; }

        /// <summary>The regions whose history file holds this record (filled when read).</summary>
        [JsonIgnore] public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();

        [JsonIgnore] public TimeSpan? RecoveryTime => RecoverySeconds is double s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        [JsonIgnore] public TimeSpan? Duration => DurationSeconds is double s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;

        /// <summary>A copy for one region's file: the identity that region reports, and its time unless one is set.</summary>
        internal HistoryRecord Stamped(string identity, DateTimeOffset regionTime)
        {
            var copy = (HistoryRecord)MemberwiseClone();
            copy.Identity = identity;
            if (copy.Time == default) copy.Time = regionTime;
            return copy;
        }

        public override string ToString()
            => $"{Time:yyyy-MM-dd HH:mm:ss}Z {Pair} {Operation}{(To != null ? " " + (From ?? "?") + "->" + To : string.Empty)} {Outcome}";
    }
}
