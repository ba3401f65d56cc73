using System;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>One entry of a pipeline's event log.</summary>
    public sealed class PipelineEventRecord
    {
        public PipelineEventRecord(string id, long sequence, DateTimeOffset timestamp, string eventType, string level, string message,
            string? updateId, JObject? details, JObject? error)
        {
            Id = id;
            Sequence = sequence;
            Timestamp = timestamp;
            EventType = eventType;
            Level = level;
            Message = message;
            UpdateId = updateId;
            Details = details;
            Error = error;
        }

        public string Id { get; }
        public long Sequence { get; }
        public DateTimeOffset Timestamp { get; }
        public string EventType { get; }
        public string Level { get; }
        public string Message { get; }
        public string? UpdateId { get; }
        public JObject? Details { get; }
        public JObject? Error { get; }
    }
}
