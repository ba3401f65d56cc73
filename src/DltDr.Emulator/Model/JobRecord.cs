using System;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>A job and its stored settings.</summary>
    public sealed class JobRecord
    {
        public JobRecord(long id, JObject settings, string creator, DateTimeOffset created)
        {
            Id = id;
            Settings = settings;
            CreatorUserName = creator;
            CreatedTime = created;
        }

        public long Id { get; }
        public JObject Settings { get; set; }
        public string CreatorUserName { get; }
        public DateTimeOffset CreatedTime { get; }

        /// <summary>Bumped whenever the schedule may have changed, so firings planned before are dropped.</summary>
        public int ScheduleGeneration { get; set; }

        public int RunCount { get; set; }
    }
}
