using System;

namespace DltDr.Engine.Status
{
    public sealed class StatusOptions
    {
        /// <summary>How long one region's whole read may take; an unreachable region costs this once.</summary>
        public TimeSpan RegionTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How long after a scheduled firing the catch-up may still be running before the standby counts as stale.</summary>
        public TimeSpan CatchUpGrace { get; set; } = TimeSpan.FromHours(1);

        /// <summary>When set, a standby further behind the active region than this is a problem (StandbyLagging).</summary>
        public TimeSpan? MaxStandbyLag { get; set; }

        /// <summary>The local clock, used only when no workspace answered with its own time.</summary>
        public Func<DateTimeOffset> UtcNow { get; set; } = () => DateTimeOffset.UtcNow;
    }
}
