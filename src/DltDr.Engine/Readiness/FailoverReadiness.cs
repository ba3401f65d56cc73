using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Readiness
{
    /// <summary>Whether a pair's standby could take over now: Ready, and every check with its outcome.</summary>
    public sealed class FailoverReadiness : IPairResult
    {
        private readonly PairDefinition _definition;

        internal FailoverReadiness(PairDefinition pair, Region target, IReadOnlyList<ReadinessCheck> checks, TimeSpan? expectedRecovery,
            DateTimeOffset checkedAt)
        {
            _definition = pair;
            Pair = pair.Name;
            Region = target;
            Checks = checks;
            ExpectedRecovery = expectedRecovery;
            CheckedAt = checkedAt;
        }

        PairDefinition IPairResult.GetDefinition() => _definition;

        public string Pair { get; }

        /// <summary>The region that would be made active.</summary>
        public Region Region { get; }

        /// <summary>True when no check failed (skipped and informational ones do not count against it).</summary>
        public bool Ready => Checks.All(c => c.Outcome != ReadinessOutcome.Failed);

        public IReadOnlyList<ReadinessCheck> Checks { get; }

        /// <summary>The checks that failed.</summary>
        public IReadOnlyList<ReadinessCheck> Failed => Checks.Where(c => c.Outcome == ReadinessOutcome.Failed).ToList();

        /// <summary>The recovery time to expect: the median of this pair's recent recoveries in its history, when it has any.</summary>
        public TimeSpan? ExpectedRecovery { get; }

        /// <summary>On the service's clock.</summary>
        public DateTimeOffset CheckedAt { get; }
    }
}
