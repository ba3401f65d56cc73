using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Reports
{
    /// <summary>
    /// A pair's recovery times of the period as an inline SVG chart: one point per measured recovery
    /// (its time across, its seconds up), the recovery time objective as a dashed line, each point
    /// marked within or past it. Its title and description say the same in words (a screen reader,
    /// a printout without colour), and every point carries its figures as a tooltip.
    /// </summary>
    internal static class RecoveryChart
    {
        private const int Width = 640;
        private const int Height = 200;
        private const int Left = 56;
        private const int Right = 16;
        private const int Top = 14;
        private const int Bottom = 30;

        public static string Svg(PairReport pair, DateTimeOffset since, DateTimeOffset until)
        {
            var points = pair.Recoveries.ToList();
            var objective = pair.Objectives.RecoveryTime;
            var top = Math.Max(points.Count == 0 ? 60 : points.Max(p => p.Recovery.TotalSeconds), objective?.TotalSeconds ?? 0) * 1.15;
            if (top <= 0) top = 60;
            var span = Math.Max(1, (until - since).TotalSeconds);
            double X(DateTimeOffset t) => Left + (Width - Left - Right) * Math.Min(1, Math.Max(0, (t - since).TotalSeconds / span));
            double Y(double seconds) => Top + (Height - Top - Bottom) * (1 - seconds / top);
            string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

            var id = "chart-" + Html.Id(pair.Pair);
            var sb = new StringBuilder();
            sb.Append($"<svg class=\"recovery-chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} "
                + $"{Height}\" ")
                .Append($"width=\"{Width}\" height=\"{Height}\" data-points=\"{points.Count}\"")
                .Append(objective is TimeSpan o ? $" data-objective-seconds=\"{N(o.TotalSeconds)}\"" : "")
                .Append(" xmlns=\"http://www.w3.org/2000/svg\">");
            sb.Append($"<title id=\"{id}-title\">Recovery times of {Html.Text(pair.Pair)} since {since:yyyy-MM-dd}</title>");
            sb.Append($"<desc id=\"{id}-desc\">{Html.Text(Describe(pair, points, objective))}</desc>");
            // Axes and a few gridlines, the seconds labelled.
            sb.Append($"<line class=\"axis\" x1=\"{Left}\" y1=\"{N(Y(0))}\" x2=\"{Width - Right}\" y2=\"{N(Y(0))}\"/>");
            sb.Append($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{N(Y(0))}\"/>");
            foreach (var tick in Ticks(top))
            {
                sb.Append($"<line class=\"grid\" x1=\"{Left}\" y1=\"{N(Y(tick))}\" x2=\"{Width - Right}\" y2=\"{N(Y(tick))}\"/>");
                sb.Append($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{N(Y(tick) + 4)}\" "
                    + $"text-anchor=\"end\">{Objectives.Describe(TimeSpan.FromSeconds(tick))}</text>");
            }
            sb.Append($"<text class=\"tick\" x=\"{Left}\" y=\"{Height - 8}\">{since:yyyy-MM-dd}</text>");
            sb.Append($"<text class=\"tick\" x=\"{Width - Right}\" y=\"{Height - 8}\" text-anchor=\"end\">{until:yyyy-MM-dd}</text>");
            if (objective is TimeSpan rto)
            {
                sb.Append($"<line class=\"objective\" x1=\"{Left}\" y1=\"{N(Y(rto.TotalSeconds))}\" x2=\"{Width - Right}\" ")
                    .Append($"y2=\"{N(Y(rto.TotalSeconds))}\"/>");
                sb.Append($"<text class=\"objective-label\" x=\"{Width - Right}\" y=\"{N(Y(rto.TotalSeconds) - 4)}\" text-anchor=\"end\">")
                    .Append($"objective {Objectives.Describe(rto)}</text>");
            }
            foreach (var (time, recovery, planned) in points)
            {
                var past = objective is TimeSpan limit && recovery > limit;
                var kind = past ? "past" : "within";
                sb.Append($"<circle class=\"point {kind}{(planned ? "" : " unplanned")}\" cx=\"{N(X(time))}\" "
                    + $"cy=\"{N(Y(recovery.TotalSeconds))}\" ")
                    .Append($"r=\"5\" data-recovery-seconds=\"{N(recovery.TotalSeconds)}\" data-time=\"{time:o}\">")
                    .Append($"<title>{time:yyyy-MM-dd HH:mm} UTC: {(planned ? "planned" : "unplanned")} switch, recovery ")
                    .Append(Objectives.Describe(recovery))
                    .Append(objective == null ? "" : past ? ", past the objective" : ", within the objective")
                    .Append("</title></circle>");
            }
            if (points.Count == 0)
            {
                sb.Append($"<text class=\"empty\" x=\"{(Width + Left) / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">")
                    .Append("no measured recovery in this period</text>");
            }
            return sb.Append("</svg>").ToString();
        }

        /// <summary>The chart in words: every point, against the objective.</summary>
        public static string Describe(PairReport pair, IReadOnlyList<(DateTimeOffset Time, TimeSpan Recovery, bool Planned)> points,
            TimeSpan? objective)
        {
            var goal = objective is TimeSpan o ? $"the recovery time objective of {Objectives.Describe(o)}" : "no recovery time objective";
            if (points.Count == 0) return $"No measured recovery for {pair.Pair} in this period; {goal}.";
            var each = points.Select(p => $"{p.Time:yyyy-MM-dd} {Objectives.Describe(p.Recovery)}"
                + (objective is TimeSpan limit ? (p.Recovery > limit ? " (past it)" : " (within it)") : ""));
            return $"{points.Count} measured recover{(points.Count == 1 ? "y" : "ies")} against {goal}: {string.Join("; ", each)}.";
        }

        private static IEnumerable<double> Ticks(double top)
        {
            var steps = new[] { 10.0, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400 };
            var step = steps.FirstOrDefault(s => top / s <= 5);
            if (step == 0) step = top / 4;
            for (var t = step; t < top; t += step) yield return t;
        }
    }
}
