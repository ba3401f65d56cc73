using System;
using System.Collections.Generic;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Status
{
    /// <summary>A pair's regions side by side, which one is active, and every problem found.</summary>
    public sealed class PairStatus : IPairResult
    {
        public PairStatus(PairDefinition pair, ActiveRegion activeRegion, RegionStatus primary, RegionStatus secondary,
            IReadOnlyList<StatusProblem> problems, DateTimeOffset readAt, TimeSpan? standbyLag = null)
        {
            StandbyLag = standbyLag;
            Pair = pair.Name;
            _definition = pair;
            ActiveRegion = activeRegion;
            Primary = primary;
            Secondary = secondary;
            Problems = problems;
            ReadAt = readAt;
        }

        private readonly PairDefinition _definition;

        PairDefinition IPairResult.GetDefinition() => _definition;

        public string Pair { get; }
        public ActiveRegion ActiveRegion { get; }
        public RegionStatus Primary { get; }
        public RegionStatus Secondary { get; }
        public IReadOnlyList<StatusProblem> Problems { get; }

        /// <summary>The time of the read, on the service's clock.</summary>
        public DateTimeOffset ReadAt { get; }

        public bool Healthy => Problems.Count == 0;

        /// <summary>
        /// How far the standby's data is behind the active region's: the backlog a failover would
        /// start from, which the scheduled catch-up bounds. Null unless one region is clearly active
        /// and both say when they last processed data.
        /// </summary>
        public TimeSpan? StandbyLag { get; }

        /// <summary>
        /// The account failover group the pair's group follows, as this read found it (state,
        /// effective primary region, replication point); null when it follows none or it was not read.
        /// </summary>
        public Databricks.Models.FailoverGroupInfo? FailoverGroup { get; internal set; }

        public RegionStatus this[Region region] => region == Region.Primary ? Primary : Secondary;

        /// <summary>Whether <paramref name="region"/> is the one active region.</summary>
        public bool IsActive(Region region) => ActiveRegion == (region == Region.Primary ? ActiveRegion.Primary : ActiveRegion.Secondary);
    }
}
