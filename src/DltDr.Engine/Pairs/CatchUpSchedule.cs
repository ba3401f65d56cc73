using System;

namespace DltDr.Engine.Pairs
{
    /// <summary>When the standby's catch-up job runs: a Quartz cron expression in a time zone.</summary>
    public sealed class CatchUpSchedule
    {
        public const string NightlyCron = "0 0 1 * * ?";

        public CatchUpSchedule(string quartzCron, string timeZone)
            : this(quartzCron,
                TimeZones.Find(timeZone) ?? throw new ArgumentException($"'{timeZone}' is not a known time zone.", nameof(timeZone)))
        {
        }

        internal CatchUpSchedule(string quartzCron, (string IanaId, TimeZoneInfo Zone) timeZone)
        {
            QuartzCron = quartzCron;
            TimeZone = timeZone.IanaId;
            Zone = timeZone.Zone;
        }

        public string QuartzCron { get; }

        /// <summary>The IANA id (what Databricks is given), whichever name the definition used.</summary>
        public string TimeZone { get; }

        /// <summary>The zone itself, found on every runtime (Windows PowerShell 5.1 knows only Windows ids).</summary>
        public TimeZoneInfo Zone { get; }

        public override string ToString() => $"{QuartzCron} ({TimeZone})";
    }
}
