using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Output;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Readiness;
using DltDr.Engine.Status;

namespace DltDr.Engine.Reports
{
    /// <summary>
    /// One pair in the DR report: its roles and health now, its objectives, the switches and drills of
    /// the period with their measured recoveries, the readiness checks status and history answer, and
    /// where it stands (with why). Built from what the module already records; nothing is written.
    /// </summary>
    public sealed class PairReport : IPairResult
    {
        internal PairReport(PairDefinition definition, PairStatus status, IReadOnlyList<HistoryRecord> switches,
            IReadOnlyList<string> unread, IReadOnlyList<ReadinessCheck> readiness, Region failoverTo, TimeSpan? expectedRecovery,
            DateTimeOffset since)
        {
            Definition = definition;
            Status = status;
            Switches = switches;
            Unread = unread;
            Readiness = readiness;
            FailoverTo = failoverTo;
            ExpectedRecovery = expectedRecovery;
            LastDrill = switches.Where(IsDrill).Select(r => (DateTimeOffset?)r.Time).LastOrDefault();
            var (standing, reasons) = Judge(since);
            Standing = standing;
            Reasons = reasons;
        }

        public string Pair => Definition.Name;
        public string? Group => Definition.Group;

        /// <summary>The definition it was read from (kept out of tables and JSON: see <see cref="IPairResult"/>).</summary>
        internal PairDefinition Definition { get; }

        PairDefinition IPairResult.GetDefinition() => Definition;

        public Objectives Objectives => Definition.Objectives;

        /// <summary>Both regions as read now.</summary>
        public PairStatus Status { get; }

        /// <summary>The switches of the period, oldest first: failovers, failbacks, drills, with who ran them and their recovery.</summary>
        public IReadOnlyList<HistoryRecord> Switches { get; }

        /// <summary>What could not be read, in words (a region's history, a region down): the report says so beside the pair.</summary>
        public IReadOnlyList<string> Unread { get; }

        /// <summary>The readiness checks that status and history answer (the validation is Test-DltDrFailover's).</summary>
        public IReadOnlyList<ReadinessCheck> Readiness { get; }

        /// <summary>The region a failover would make active.</summary>
        public Region FailoverTo { get; }

        /// <summary>The median of the last measured recoveries, or null.</summary>
        public TimeSpan? ExpectedRecovery { get; }

        /// <summary>When the newest drill of the period ran: a planned switch that succeeded.</summary>
        public DateTimeOffset? LastDrill { get; }

        public PairStanding Standing { get; }

        /// <summary>Why the pair stands where it does, one sentence each (none when within objectives).</summary>
        public IReadOnlyList<string> Reasons { get; }

        /// <summary>The measured recoveries of the period, oldest first.</summary>
        public IEnumerable<(DateTimeOffset Time, TimeSpan Recovery, bool Planned)> Recoveries => Switches
            .Where(r => r.RecoverySeconds != null)
            .Select(r => (r.Time, TimeSpan.FromSeconds(r.RecoverySeconds!.Value), r.Planned != false));

        /// <summary>A drill: a planned switch that succeeded (or left only a pending demotion).</summary>
        public static bool IsDrill(HistoryRecord r) => r.Operation == HistoryOperations.Switch && r.Planned == true
            && (r.Outcome == HistoryOutcomes.Succeeded || r.Outcome == HistoryOutcomes.PendingDemotion);

        private (PairStanding, IReadOnlyList<string>) Judge(DateTimeOffset since)
        {
            var failing = new List<string>();
            var atRisk = new List<string>();
            foreach (var p in Status.Problems)
            {
                (p.Severity == ProblemSeverity.Error ? failing : atRisk).Add($"{p.Code}: {p.Message}");
            }
            foreach (var c in Readiness.Where(c => c.Outcome == ReadinessOutcome.Failed))
            {
                // Readiness checks fail on the status problems above; only the objective's is news.
                if (c.Name == ReadinessCheckNames.ExpectedRecovery) failing.Add($"Expected recovery: {c.Detail}");
            }
            var drill = $"{NextStep.SetActiveRegion(Pair, FailoverTo)}, then {NextStep.SetActiveRegion(Pair, Regions.Other(FailoverTo))}";
            if (!Objectives.Any)
            {
                atRisk.Add("No recovery time or standby lag objective is set for this pair or its group: set objectives.recoveryTime "
                    + "and objectives.standbyLag (\"15m\", \"26h\") in the pair's definition, or in its group's GROUP.group.json.");
            }
            if (LastDrill == null)
            {
                atRisk.Add($"No drill (a planned switch that succeeded) since {since:yyyy-MM-dd}: drill it with {drill}.");
            }
            if (Objectives.RecoveryTime != null && ExpectedRecovery == null)
            {
                atRisk.Add($"No measured recovery in the history to hold against the recovery time objective: drill it with {drill}.");
            }
            atRisk.AddRange(Unread.Select(u => $"{u} Run {NextStep.Status(Pair)} to see why."));
            var standing = failing.Count > 0 ? PairStanding.Failing : atRisk.Count > 0 ? PairStanding.AtRisk
                : PairStanding.WithinObjectives;
            return (standing, failing.Concat(atRisk).ToList());
        }

        public override string ToString() => $"{Pair}: {Standing}";
    }
}
