using System;
using System.Globalization;
using DltDr.Engine.Databricks.Models;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// The account failover group a switch followed (Sync-DltDrActiveRegion, or
    /// Set-DltDrActiveRegion -FailoverGroup): its id, the region it has as its primary, and since
    /// when (its update_time when read), so the history says why the pipelines moved.
    /// </summary>
    public sealed class FollowedFailoverGroup
    {
        public FollowedFailoverGroup(string id, string? primaryRegion, DateTimeOffset? since)
        {
            Id = id;
            PrimaryRegion = primaryRegion;
            Since = since;
        }

        public string Id { get; }

        public string? PrimaryRegion { get; }

        public DateTimeOffset? Since { get; }

        public static FollowedFailoverGroup Of(string id, FailoverGroupInfo info)
            => new FollowedFailoverGroup(id, info.EffectivePrimaryRegion,
                DateTimeOffset.TryParse(info.UpdateTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t : (DateTimeOffset?)null);
    }
}
