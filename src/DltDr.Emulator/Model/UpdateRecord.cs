using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>One pipeline update and where it is in its life.</summary>
    public sealed class UpdateRecord
    {
        public static readonly IReadOnlyCollection<string> TerminalStates = new[] { "COMPLETED", "FAILED", "CANCELED" };

        public UpdateRecord(string id, string pipelineId, string cause, DateTimeOffset creationTime, bool continuous, JObject config)
        {
            Id = id;
            PipelineId = pipelineId;
            Cause = cause;
            CreationTime = creationTime;
            Continuous = continuous;
            Config = config;
        }

        public string Id { get; }
        public string PipelineId { get; }
        public string Cause { get; }
        public DateTimeOffset CreationTime { get; }

        /// <summary>Decided when the update starts: a continuous update runs until stopped.</summary>
        public bool Continuous { get; }

        public JObject Config { get; }
        public string State { get; set; } = "QUEUED";
        public bool FullRefresh { get; set; }
        public IReadOnlyList<string> RefreshSelection { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> FullRefreshSelection { get; set; } = Array.Empty<string>();
        public bool ValidateOnly { get; set; }
        public string? ClusterId { get; set; }
        public DateTimeOffset? EndTime { get; set; }
        public string? FailureMessage { get; set; }

        /// <summary>Bumped when the update is stopped or cancelled, so transitions scheduled before are ignored.</summary>
        public int Generation { get; set; }

        public bool IsTerminal => ((ICollection<string>)TerminalStates).Contains(State);
    }
}
