using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>A pipeline: its settings as the service stores them, its updates and its event log.</summary>
    public sealed class PipelineRecord
    {
        public PipelineRecord(string id, JObject spec, string creator, DateTimeOffset created)
        {
            Id = id;
            Spec = spec;
            CreatorUserName = creator;
            RunAsUserName = creator;
            CreatedTime = created;
            LastModified = created.ToUnixTimeMilliseconds();
        }

        public string Id { get; }
        public JObject Spec { get; set; }
        public string CreatorUserName { get; }
        public string RunAsUserName { get; set; }
        public DateTimeOffset CreatedTime { get; }
        public long LastModified { get; set; }

        /// <summary>Oldest first.</summary>
        public List<UpdateRecord> Updates { get; } = new List<UpdateRecord>();

        /// <summary>Oldest first.</summary>
        public List<PipelineEventRecord> Events { get; } = new List<PipelineEventRecord>();

        /// <summary>How many of the next updates fail (a fault injected through the control API).</summary>
        public int FailNextUpdates { get; set; }

        public string Name => (string?)Spec["name"] ?? string.Empty;

        public bool Continuous => Spec["continuous"]?.Type == JTokenType.Boolean && (bool)Spec["continuous"]!;

        public UpdateRecord? ActiveUpdate => Updates.LastOrDefault(u => !u.IsTerminal);

        public UpdateRecord? LatestUpdate => Updates.LastOrDefault();
    }
}
