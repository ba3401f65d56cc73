using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Reports
{
    /// <summary>The DR report of an estate of pairs over a period: each pair's report and the summary an auditor reads first.</summary>
    public sealed class EstateReport
    {
        public EstateReport(DateTimeOffset generatedAt, DateTimeOffset since, IReadOnlyList<PairReport> pairs, string generatedBy)
        {
            GeneratedAt = generatedAt;
            Since = since;
            Pairs = pairs.OrderBy(p => p.Pair, StringComparer.OrdinalIgnoreCase).ToList();
            GeneratedBy = generatedBy;
        }

        public DateTimeOffset GeneratedAt { get; }

        /// <summary>The start of the period: switches and drills since then are listed.</summary>
        public DateTimeOffset Since { get; }

        public IReadOnlyList<PairReport> Pairs { get; }

        /// <summary>Who made it (the machine and account), for the report's footer.</summary>
        public string GeneratedBy { get; }

        public int WithinObjectives => Pairs.Count(p => p.Standing == PairStanding.WithinObjectives);
        public int AtRisk => Pairs.Count(p => p.Standing == PairStanding.AtRisk);
        public int Failing => Pairs.Count(p => p.Standing == PairStanding.Failing);

        /// <summary>Days since the pair drilled longest ago last drilled; null when a pair has had no drill in the period.</summary>
        public int? DaysSinceOldestLastDrill => Pairs.Count == 0 || Pairs.Any(p => p.LastDrill == null) ? (int?)null
            : (int)Math.Floor((GeneratedAt - Pairs.Min(p => p.LastDrill!.Value)).TotalDays);

        /// <summary>Days since the newest drill of any pair; null when none drilled in the period.</summary>
        public int? DaysSinceLastDrill => Pairs.All(p => p.LastDrill == null) ? (int?)null
            : (int)Math.Floor((GeneratedAt - Pairs.Where(p => p.LastDrill != null).Max(p => p.LastDrill!.Value)).TotalDays);
    }
}
