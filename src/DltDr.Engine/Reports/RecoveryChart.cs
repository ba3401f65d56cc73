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
    /// (its date across, its recovery time up), both axes titled and ticked with their units, the
    /// recovery time objective as a labelled dashed line, each point marked within or past it.
    /// Points of one day stand side by side, not on top of each other. Its title and description say
    /// the same in words (a screen reader, a printout without colour), and every point carries its
    /// figures as a tooltip.
    /// </summary>
    internal static class RecoveryChart
    {
        private const int Width = 640;
        private const int Height = 220;
        private const int Left = 64;
        private const int Right = 16;
        private const int Top = 14;
        private const int Bottom = 44;

        /// <summary>How far apart points of the same day are drawn, in pixels (more than a point's width).</summary>
        private const double Dodge = 12;

        public static string Svg(PairReport pair, DateTimeOffset since, DateTimeOffset until)
        {
            var points = pair.Recoveries.ToList();
            var objective = pair.Objectives.RecoveryTime;
            var highest = Math.Max(points.Count == 0 ? 0 : points.Max(p => p.Recovery.TotalSeconds), objective?.TotalSeconds ?? 0);
            var (step, top) = Scale(highest);
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

            // The axes, each with its title and unit.
            var baseline = Y(0);
            sb.Append($"<line class=\"axis\" x1=\"{Left}\" y1=\"{N(baseline)}\" x2=\"{Width - Right}\" y2=\"{N(baseline)}\"/>");
            sb.Append($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{N(baseline)}\"/>");
            var middle = Top + (Height - Top - Bottom) / 2;
            sb.Append($"<text class=\"axis-title\" id=\"{id}-y-title\" x=\"14\" y=\"{middle}\" text-anchor=\"middle\" ")
                .Append($"transform=\"rotate(-90 14 {middle})\">recovery time</text>");
            sb.Append($"<text class=\"axis-title\" id=\"{id}-x-title\" x=\"{(Width + Left - Right) / 2}\" y=\"{Height - 4}\" ")
                .Append("text-anchor=\"middle\">date of the switch (UTC)</text>");

            // Up: gridlines and their times, from zero to the top, in a unit that reads (1s, 30s, 2m, 1h).
            for (var tick = 0.0; tick <= top + step / 1000; tick += step)
            {
                sb.Append($"<line class=\"grid\" x1=\"{Left}\" y1=\"{N(Y(tick))}\" x2=\"{Width - Right}\" y2=\"{N(Y(tick))}\"/>");
                sb.Append($"<text class=\"tick y-tick\" x=\"{Left - 6}\" y=\"{N(Y(tick) + 4)}\" text-anchor=\"end\" ")
                    .Append($"data-seconds=\"{N(tick)}\">{(tick == 0 ? "0s" : Objectives.Describe(TimeSpan.FromSeconds(tick)))}</text>");
            }

            // Across: dates at even steps over the period, its first and last day among them.
            foreach (var day in DateTicks(since, until))
            {
                var x = X(day);
                sb.Append($"<line class=\"tick-mark\" x1=\"{N(x)}\" y1=\"{N(baseline)}\" x2=\"{N(x)}\" y2=\"{N(baseline + 4)}\"/>");
                var anchor = x <= Left + 1 ? "start" : x >= Width - Right - 1 ? "end" : "middle";
                sb.Append($"<text class=\"tick x-tick\" x=\"{N(x)}\" y=\"{N(baseline + 16)}\" text-anchor=\"{anchor}\" ")
                    .Append($"data-date=\"{day:yyyy-MM-dd}\">{day:yyyy-MM-dd}</text>");
            }

            if (objective is TimeSpan rto)
            {
                sb.Append($"<line class=\"objective\" x1=\"{Left}\" y1=\"{N(Y(rto.TotalSeconds))}\" x2=\"{Width - Right}\" ")
                    .Append($"y2=\"{N(Y(rto.TotalSeconds))}\"/>");
                sb.Append($"<text class=\"objective-label\" x=\"{Width - Right}\" y=\"{N(Y(rto.TotalSeconds) - 4)}\" text-anchor=\"end\">")
                    .Append($"recovery time objective {Objectives.Describe(rto)}</text>");
            }

            // Points of the same day side by side, centred on the day, kept inside the plot.
            foreach (var day in points.Select((p, i) => (p, i)).GroupBy(x => x.p.Time.UtcDateTime.Date))
            {
                var list = day.ToList();
                for (var k = 0; k < list.Count; k++)
                {
                    var (time, recovery, planned) = list[k].p;
                    var cx = X(time) + (k - (list.Count - 1) / 2.0) * Dodge;
                    cx = Math.Min(Width - Right - 6, Math.Max(Left + 6, cx));
                    var past = objective is TimeSpan limit && recovery > limit;
                    var kind = past ? "past" : "within";
                    sb.Append($"<circle class=\"point {kind}{(planned ? "" : " unplanned")}\" cx=\"{N(cx)}\" "
                        + $"cy=\"{N(Y(recovery.TotalSeconds))}\" ")
                        .Append($"r=\"5\" data-recovery-seconds=\"{N(recovery.TotalSeconds)}\" data-time=\"{time:o}\">")
                        .Append($"<title>{time:yyyy-MM-dd HH:mm} UTC: {(planned ? "planned" : "unplanned")} switch, recovery ")
                        .Append(Objectives.Describe(recovery))
                        .Append(objective == null ? "" : past ? ", past the objective" : ", within the objective")
                        .Append("</title></circle>");
                }
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

        /// <summary>
        /// The step between the times marked up the axis, and the top it reaches: a round step (1s, 2s,
        /// 5s, 10s, 30s, 1m, ... 1d) that divides the highest value into at most five, the top the
        /// first step at or above it with a little room (a recovery of 1.4 s gets 0s to 2s).
        /// </summary>
        internal static (double Step, double Top) Scale(double highest)
        {
            var steps = new[] { 1.0, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400, 172800 };
            var want = Math.Max(highest * 1.1, 1);
            var step = steps.FirstOrDefault(s => want / s <= 5);
            if (step == 0) step = Math.Ceiling(want / 5 / 86400) * 86400;
            return (step, Math.Ceiling(want / step) * step);
        }

        /// <summary>Dates across the period, at most seven: its first and last day, and round days between.</summary>
        internal static IEnumerable<DateTime> DateTicks(DateTimeOffset since, DateTimeOffset until)
        {
            var first = since.UtcDateTime.Date;
            var last = until.UtcDateTime.Date;
            var days = Math.Max(1, (last - first).TotalDays);
            var every = new[] { 1, 2, 7, 14, 30, 60, 91, 182, 365 }.FirstOrDefault(d => days / d <= 6);
            if (every == 0) every = (int)Math.Ceiling(days / 6);
            yield return first;
            for (var d = first.AddDays(every); d < last.AddDays(-every / 2.0); d = d.AddDays(every)) yield return d;
            if (last > first) yield return last;
        }
    }
}
