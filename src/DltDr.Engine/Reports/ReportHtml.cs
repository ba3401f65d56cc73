using System;
using System.Globalization;
using System.Linq;
using System.Text;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;

namespace DltDr.Engine.Reports
{
    /// <summary>
    /// The DR report as one HTML file that needs nothing else: styles inline, charts inline SVG, no
    /// script, no font or image from anywhere (its Content-Security-Policy forbids loading any), so it
    /// opens from a file share or an e-mail attachment the same, and prints on A4. The estate summary
    /// first, then a section per pair.
    /// </summary>
    public static class ReportHtml
    {
        private const string Style = @"
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #1b1f24; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 0 0 2mm; } h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
p { margin: 1mm 0 2mm; } .meta { color: #57606a; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.6mm; border-bottom: 0.3mm solid #d0d7de; }
th { background: #f6f8fa; font-weight: 600; } td.num, th.num { text-align: right; }
.cards { display: flex; gap: 3mm; margin: 3mm 0; }
.card { flex: 1; border: 0.4mm solid #d0d7de; border-radius: 2mm; padding: 2mm 3mm; }
.card .n { font-size: 20pt; font-weight: 700; display: block; }
.standing { font-weight: 600; padding: 0.3mm 1.5mm; border-radius: 1mm; white-space: nowrap; }
.WithinObjectives { background: #dafbe1; color: #116329; } .AtRisk { background: #fff8c5; color: #7d4e00; }
.Failing { background: #ffebe9; color: #a40e26; }
.Passed { color: #116329; } .Failed { color: #a40e26; font-weight: 600; } .Skipped, .Info { color: #57606a; }
section.pair { break-before: page; page-break-before: always; }
.unread { border-left: 1mm solid #bf8700; background: #fff8c5; padding: 1.5mm 3mm; }
ul.reasons { margin: 1mm 0 2mm 5mm; padding: 0; }
figure { margin: 2mm 0; } figcaption { color: #57606a; font-size: 9pt; }
svg.recovery-chart { max-width: 100%; height: auto; }
svg .axis { stroke: #57606a; stroke-width: 1; } svg .grid { stroke: #d0d7de; stroke-width: 0.5; }
svg .tick, svg .objective-label, svg .empty { font-size: 10px; fill: #57606a; }
svg .axis-title { font-size: 11px; fill: #24292f; } svg .tick-mark { stroke: #57606a; stroke-width: 1; }
svg .objective { stroke: #cf222e; stroke-width: 1.5; stroke-dasharray: 6 4; } svg .objective-label { fill: #cf222e; }
svg .point.within { fill: #1a7f37; } svg .point.past { fill: #cf222e; } svg .point.unplanned { stroke: #1b1f24; stroke-width: 1.5; }
footer { margin-top: 6mm; color: #57606a; font-size: 9pt; }
";

        public static string Render(EstateReport report)
        {
            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                    + "img-src data:\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append($"<title>DR report: {report.Pairs.Count} pair(s), {report.Since:yyyy-MM-dd} to "
                    + $"{report.GeneratedAt:yyyy-MM-dd}</title>\n")
                .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
            Summary(sb, report);
            foreach (var pair in report.Pairs) Pair(sb, pair, report);
            sb.Append($"<footer>Made by DltDr {Html.Text(typeof(ReportHtml).Assembly.GetName().Version?.ToString(3))} on ")
                .Append($"{Html.Text(report.GeneratedBy)} at {Time(report.GeneratedAt)} from the status read then and the history both ")
                .Append("regions keep (dltdr-history.jsonl in each pair's workspace folder). Nothing was written to do it.</footer>\n")
                .Append("</body>\n</html>\n");
            return sb.ToString();
        }

        private static void Summary(StringBuilder sb, EstateReport r)
        {
            sb.Append("<header>\n<h1>Disaster recovery report</h1>\n")
                .Append($"<p class=\"meta\">{r.Pairs.Count} DLT pipeline pair(s), each in a primary and a secondary region. Period: ")
                .Append($"{r.Since:yyyy-MM-dd} to {r.GeneratedAt:yyyy-MM-dd}. Read at {Time(r.GeneratedAt)}.</p>\n</header>\n");
            sb.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
            Card(sb, "count-within", r.WithinObjectives, "within objectives");
            Card(sb, "count-at-risk", r.AtRisk, "at risk");
            Card(sb, "count-failing", r.Failing, "failing");
            var days = r.DaysSinceLastDrill is int d ? d.ToString(CultureInfo.InvariantCulture) : "none";
            sb.Append($"<div class=\"card\"><span class=\"n\" id=\"days-since-drill\">{days}</span>days since the last drill")
                .Append(r.DaysSinceOldestLastDrill is int oldest ? $" (the longest a pair has gone: {oldest})" : "")
                .Append("</div>\n</div>\n");
            if (r.ClockSkew is (TimeSpan skew, string where))
            {
                var by = Objectives.Describe(TimeSpan.FromSeconds(Math.Round(skew.Duration().TotalSeconds)));
                sb.Append($"<p class=\"note\" id=\"clock-skew\">A workspace's clock is {by} ")
                    .Append($"{(skew > TimeSpan.Zero ? "ahead of" : "behind")} this machine's ({Html.Text(where)}; the largest ")
                    .Append("difference). History is dated by the workspaces, the report by this machine: an age counted from a time ")
                    .Append("ahead of it counts from now. Set this machine's clock right.</p>\n");
            }
            sb.Append("<p>Within objectives: healthy, ready to fail over, drilled in the period and within every objective set. ")
                .Append("At risk: a warning, no drill in the period, no objective set, or something that could not be read. ")
                .Append("Failing: a failover now would fail or break an objective.</p>\n");
            sb.Append("<table id=\"pairs\">\n<caption class=\"meta\">Every pair, where it stands now</caption>\n<thead><tr>")
                .Append("<th scope=\"col\">Pair</th><th scope=\"col\">Standing</th><th scope=\"col\">Active</th>")
                .Append("<th scope=\"col\">Standby lag / objective</th><th scope=\"col\">Expected recovery / objective</th>")
                .Append("<th scope=\"col\">Last drill</th></tr></thead>\n<tbody>\n");
            foreach (var p in r.Pairs)
            {
                sb.Append($"<tr data-pair=\"{Html.Text(p.Pair)}\"><td><a href=\"#pair-{Html.Id(p.Pair)}\">{Html.Text(p.Pair)}</a>")
                    .Append(p.Group != null ? $" <span class=\"meta\">({Html.Text(p.Group)})</span>" : "")
                    .Append($"</td><td>{Standing(p.Standing)}</td><td>{Html.Text(p.Status.ActiveRegion.ToString())}</td>")
                    .Append($"<td>{Against(p.Status.StandbyLag, p.Objectives.StandbyLag)}</td>")
                    .Append($"<td>{Against(p.ExpectedRecovery, p.Objectives.RecoveryTime)}</td>")
                    .Append($"<td>{(p.LastDrill is DateTimeOffset t ? $"{t:yyyy-MM-dd}" : "none in the period")}</td></tr>\n");
            }
            sb.Append("</tbody>\n</table>\n</section>\n");
        }

        private static void Card(StringBuilder sb, string id, int n, string what)
            => sb.Append($"<div class=\"card\"><span class=\"n\" id=\"{id}\">{n}</span>{what}</div>\n");

        private static void Pair(StringBuilder sb, PairReport p, EstateReport r)
        {
            sb.Append($"<section class=\"pair\" id=\"pair-{Html.Id(p.Pair)}\" data-pair=\"{Html.Text(p.Pair)}\" "
                + $"data-standing=\"{p.Standing}\">\n")
                .Append($"<h2>{Html.Text(p.Pair)} {Standing(p.Standing)}</h2>\n");
            sb.Append($"<p class=\"meta\">Pipeline {Html.Text(p.Definition.PipelineName)}")
                .Append(p.Group != null ? $", group {Html.Text(p.Group)}" : "")
                .Append($". Objectives: recovery time {Objective(p.Objectives.RecoveryTime, p.Objectives.RecoveryTimeFrom)}, ")
                .Append($"standby lag {Objective(p.Objectives.StandbyLag, p.Objectives.StandbyLagFrom)}.</p>\n");
            foreach (var u in p.Unread) sb.Append($"<p class=\"unread\">Could not be read: {Html.Text(u)}</p>\n");
            if (p.Reasons.Count > 0)
            {
                sb.Append("<ul class=\"reasons\">");
                foreach (var reason in p.Reasons) sb.Append($"<li>{Html.Text(reason)}</li>");
                sb.Append("</ul>\n");
            }

            sb.Append("<h3>Roles and health now</h3>\n<table class=\"regions\"><thead><tr><th scope=\"col\">Region</th>")
                .Append("<th scope=\"col\">Workspace</th><th scope=\"col\">Role</th><th scope=\"col\">Pipeline</th>")
                .Append("<th scope=\"col\">Data as of</th><th scope=\"col\">Catch-up job</th></tr></thead><tbody>\n");
            foreach (var region in new[] { p.Status.Primary, p.Status.Secondary })
            {
                var read = region.Failure == RegionFailure.None;
                sb.Append($"<tr><th scope=\"row\">{region.Region}</th><td>{Html.Text(region.Host)}</td>")
                    .Append(read
                        ? $"<td>{region.Role}</td><td>{Html.Text(region.Mode)} {Html.Text(region.State)}</td>"
                            + $"<td>{(region.FreshAsOf is DateTimeOffset f ? Time(f) : "never")}</td>"
                            + $"<td>{(region.CatchUpPaused == null ? "none" : region.CatchUpPaused.Value ? "paused" : "scheduled")}</td>"
                        : $"<td colspan=\"4\" class=\"Failed\">not read: {Html.Text(region.ToString())}</td>")
                    .Append("</tr>\n");
            }
            sb.Append("</tbody></table>\n");
            FailoverGroup(sb, p);
            sb.Append($"<p class=\"lag\">Standby lag: {Against(p.Status.StandbyLag, p.Objectives.StandbyLag)}.</p>\n");
            if (p.Status.Problems.Count > 0)
            {
                sb.Append("<table class=\"problems\"><thead><tr><th scope=\"col\">Problem</th><th scope=\"col\">Severity</th>")
                    .Append("<th scope=\"col\">What it means</th></tr></thead><tbody>\n");
                foreach (var problem in p.Status.Problems)
                {
                    sb.Append($"<tr><td>{Html.Text(problem.Code)}</td><td>{problem.Severity}</td>")
                        .Append($"<td>{Html.Text(problem.Message)}</td></tr>\n");
                }
                sb.Append("</tbody></table>\n");
            }

            sb.Append($"<h3>Switches and drills since {r.Since:yyyy-MM-dd}</h3>\n");
            if (p.Switches.Count == 0)
            {
                sb.Append("<p class=\"no-switches\">None recorded in this period.</p>\n");
            }
            else
            {
                sb.Append("<table class=\"switches\"><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">What</th>")
                    .Append("<th scope=\"col\">From → to</th><th scope=\"col\">Who</th><th scope=\"col\">Outcome</th>")
                    .Append("<th scope=\"col\" class=\"num\">Recovery</th></tr></thead><tbody>\n");
                foreach (var s in p.Switches)
                {
                    sb.Append($"<tr><td>{s.Time:yyyy-MM-dd HH:mm}</td><td>{What(s)}</td>")
                        .Append($"<td>{Html.Text(s.From ?? "?")} → {Html.Text(s.To)}</td><td>{Html.Text(s.Identity)}</td>")
                        .Append($"<td>{Html.Text(s.Outcome)}{(s.ErrorId != null ? $" ({Html.Text(s.ErrorId)})" : "")}</td>")
                        .Append("<td class=\"num\">")
                        .Append(s.RecoverySeconds is double sec ? Objectives.Describe(TimeSpan.FromSeconds(sec)) : "not measured")
                        .Append("</td></tr>\n");
                }
                sb.Append("</tbody></table>\n");
            }

            sb.Append("<figure>\n").Append(RecoveryChart.Svg(p, r.Since, r.GeneratedAt)).Append('\n')
                .Append("<figcaption>").Append(Html.Text(RecoveryChart.Describe(p, p.Recoveries.ToList(), p.Objectives.RecoveryTime)))
                .Append("</figcaption>\n")
                .Append("</figure>\n");

            sb.Append($"<h3>Readiness to fail over to {p.FailoverTo}</h3>\n<table class=\"readiness\"><thead><tr>")
                .Append("<th scope=\"col\">Check</th><th scope=\"col\">Outcome</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n");
            foreach (var c in p.Readiness)
            {
                sb.Append($"<tr><td>{Html.Text(c.Name)}</td><td "
                    + $"class=\"{c.Outcome}\">{c.Outcome}</td><td>{Html.Text(c.Detail)}</td></tr>\n");
            }
            sb.Append("</tbody></table>\n</section>\n");
        }

        private static string What(HistoryRecord s)
            => (s.Outcome == HistoryOutcomes.Interrupted ? "switch (interrupted)"
                : PairReport.IsDrill(s) ? "planned switch (drill)"
                : s.Planned == false ? "unplanned failover" : "planned switch")
                + (s.FailoverGroup != null ? $" following failover group {Html.Text(s.FailoverGroup)}" : "");

        /// <summary>The account failover group the pair's group follows, as status read it: state, primary, replication point.</summary>
        private static void FailoverGroup(StringBuilder sb, PairReport p)
        {
            if (!(p.Definition.FailoverGroup is FailoverGroupLink link)) return;
            sb.Append($"<p class=\"failover-group\" data-failover-group=\"{Html.Text(link.Id)}\">Follows the account failover group ")
                .Append($"{Html.Text(link.Id)} ({Html.Text(link.PrimaryRegion)} for primary, ")
                .Append($"{Html.Text(link.SecondaryRegion)} for secondary): ");
            if (!(p.Status.FailoverGroup is Databricks.Models.FailoverGroupInfo g))
            {
                sb.Append("it could not be read.</p>\n");
                return;
            }
            var side = link.RegionOf(g.EffectivePrimaryRegion) is Region r
                ? $", this pair's {Regions.Name(r)}"
                : ", neither of this pair's regions";
            sb.Append($"{Html.Text(g.State)}, its primary in {Html.Text(g.EffectivePrimaryRegion)}{side}; ")
                .Append($"replicated up to {Html.Text(g.ReplicationPoint ?? "no point yet")}.</p>\n");
        }

        private static string Standing(PairStanding s)
        {
            var text = s == PairStanding.WithinObjectives ? "within objectives" : s == PairStanding.AtRisk ? "at risk" : "failing";
            return $"<span class=\"standing {s}\">{text}</span>";
        }

        private static string Objective(TimeSpan? value, string? from)
            => value is TimeSpan v ? $"{Objectives.Describe(v)} (set by {Html.Text(from)})" : "not set";

        private static string Against(TimeSpan? value, TimeSpan? objective)
        {
            var shown = value is TimeSpan v ? Objectives.Describe(v) : "not known";
            if (!(objective is TimeSpan o)) return $"{shown} (no objective)";
            if (!(value is TimeSpan x)) return $"{shown} / {Objectives.Describe(o)}";
            return x > o
                ? $"<span class=\"Failed\">{shown} / {Objectives.Describe(o)}: {Objectives.Describe(x - o)} past it</span>"
                : $"{shown} / {Objectives.Describe(o)}: within it";
        }

        private static string Time(DateTimeOffset t)
            => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }
}
