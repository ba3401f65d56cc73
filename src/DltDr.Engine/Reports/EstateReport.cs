using System;
using System.Collections.Generic;
using System.Linq;
using Pairs_ = DltDr.Engine.Pairs;

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
            : DaysSince(Pairs.Min(p => p.LastDrill!.Value));

        /// <summary>Days since the newest drill of any pair; null when none drilled in the period.</summary>
        public int? DaysSinceLastDrill => Pairs.All(p => p.LastDrill == null) ? (int?)null
            : DaysSince(Pairs.Where(p => p.LastDrill != null).Max(p => p.LastDrill!.Value));

        /// <summary>
        /// The largest difference between a workspace's clock and this machine's, beyond a minute, and where: the report
        /// names it once (a history record is dated by the workspace); null when every clock agrees.
        /// </summary>
        public (TimeSpan Skew, string Where)? ClockSkew => Pairs
            .SelectMany(p => new[] { p.Status.Primary, p.Status.Secondary }.Select(r => (Pair: p.Pair, Region: r)))
            .Where(x => x.Region.ClockSkew is TimeSpan s && s.Duration() > Status.StatusOptions.MaxClockSkew)
            .OrderByDescending(x => x.Region.ClockSkew!.Value.Duration())
            .Select(x => ((TimeSpan Skew, string Where)?)(x.Region.ClockSkew!.Value,
                $"{Pairs_.Regions.Name(x.Region.Region)} of {x.Pair}"))
            .FirstOrDefault();

        /// <summary>
        /// The time ages are counted to: the workspaces' time when the pairs were read (history is dated by it), not this
        /// machine's, so a clock of this machine's that is off does not shift them.
        /// </summary>
        public DateTimeOffset AgesAsOf => Pairs.Select(p => p.Status.ReadAt).DefaultIfEmpty(GeneratedAt).Max();

        /// <summary>Whole days from <paramref name="then"/> to <see cref="AgesAsOf"/>: never negative (a time ahead is now).</summary>
        private int DaysSince(DateTimeOffset then) => Math.Max(0, (int)Math.Floor((AgesAsOf - then).TotalDays));
    }
}
