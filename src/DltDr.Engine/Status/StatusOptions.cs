using System;

namespace DltDr.Engine.Status
{
    public sealed class StatusOptions
    {
        /// <summary>How long after a scheduled firing the catch-up may still be running before the standby counts as stale.</summary>
        public TimeSpan CatchUpGrace { get; set; } = TimeSpan.FromHours(1);

        /// <summary>When set, a standby further behind the active region than this is a problem (StandbyLagging).</summary>
        public TimeSpan? MaxStandbyLag { get; set; }

        /// <summary>
        /// The account failover groups the command's pairs follow, read once each (by
        /// <see cref="Pairs.FailoverGroupLink.Key"/>); none: not compared.
        /// </summary>
        public System.Collections.Generic.IReadOnlyDictionary<string, FailoverGroupRead>? FailoverGroups { get; set; }

        /// <summary>How far a workspace's clock may be from this machine's before the DR report names it.</summary>
        public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);
    }
}
