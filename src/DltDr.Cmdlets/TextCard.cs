using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Text the format views show where a table cannot fit what a user needs (a pair's status with
    /// each problem, its severity and its fix): laid out and wrapped on spaces here, at a width that
    /// fits an 80-column console, so no word is split and nothing is cut at 80 or at 120 columns.
    /// DltDr.Format.ps1xml calls it; it is public for that alone.
    /// </summary>
    public static class TextCard
    {
        /// <summary>The width the text is wrapped at: whole in an 80-column console.</summary>
        public const int Width = 78;

        /// <summary>A pair's status: which region is active, each region in a line, then every problem with its fix.</summary>
        public static string Status(PairStatus status)
        {
            var sb = new StringBuilder();
            var problems = status.Problems;
            var errors = problems.Count(p => p.Severity == ProblemSeverity.Error);
            var warnings = problems.Count - errors;
            var health = problems.Count == 0 ? "healthy"
                : $"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} ("
                    + string.Join(", ", new[] { Count(errors, "error"), Count(warnings, "warning") }.Where(x => x != null)) + ")";
            Append(sb, $"{status.Pair}: {Active(status.ActiveRegion)}; {health}", "", "  ");
            foreach (var r in new[] { status.Primary, status.Secondary })
            {
                Append(sb, $"{Regions.Name(r.Region),-10} {Region(r, status)}", "  ", new string(' ', 13));
            }
            if (status.FailoverGroup is DltDr.Engine.Databricks.Models.FailoverGroupInfo fg)
            {
                var id = fg.Name?.Substring(fg.Name.LastIndexOf('/') + 1);
                var point = fg.ReplicationPoint is string rp && DateTimeOffset.TryParse(rp, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var t) ? $"; replicated up to {t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "";
                Append(sb, $"failover group {id}: {fg.State}, primary in {fg.EffectivePrimaryRegion}{point}", "  ", new string(' ', 4));
            }
            foreach (var p in problems)
            {
                var severity = p.Severity == ProblemSeverity.Error ? "error" : "warning";
                var where = p.Region is Region region ? $" ({Regions.Name(region)})" : "";
                Append(sb, $"{severity,-8} {p.Code}{where}", "  ", new string(' ', 11));
                Append(sb, p.Summary, new string(' ', 11), new string(' ', 11));
                Append(sb, "Fix: " + p.Fix, new string(' ', 11), new string(' ', 16));
            }
            return sb.ToString().TrimEnd('\n');
        }

        /// <summary>
        /// One record of a pair's history in two lines or more: when, the pair, what was done and how it
        /// ended (with the recovery a switch measured), then who did it, from where.
        /// </summary>
        public static string History(DltDr.Engine.History.HistoryRecord r)
        {
            var sb = new StringBuilder();
            var to = r.To?.ToLowerInvariant();
            var what = r.Operation switch
            {
                DltDr.Engine.History.HistoryOperations.Switch => $"switch to {to}{(r.Planned == false ? " (unplanned)" : "")}",
                DltDr.Engine.History.HistoryOperations.CatchUp => $"catch-up of {to}",
                DltDr.Engine.History.HistoryOperations.Publish => to != null ? $"publish to {to}" : "publish",
                _ => r.Operation,
            };
            var recovery = r.RecoveryTime is TimeSpan t ? $", recovery {Objectives.Describe(t)}" : "";
            if (r.FailoverGroup != null) what += $" following failover group {r.FailoverGroup}";
            var when = r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            Append(sb, $"{when}  {r.Pair}  {what}: {r.Outcome}{recovery}", "", new string(' ', 18));
            var from = string.IsNullOrEmpty(r.Machine) ? "" : $" on {r.Machine}";
            Append(sb, $"by {r.Identity}{from}", new string(' ', 18), new string(' ', 21));
            return sb.ToString().TrimEnd('\n');
        }

        private static string? Count(int n, string what) => n == 0 ? null : $"{n} {what}{(n == 1 ? "" : "s")}";

        private static string Active(ActiveRegion active) => active switch
        {
            ActiveRegion.Primary => "primary active",
            ActiveRegion.Secondary => "secondary active",
            ActiveRegion.Both => "both regions active",
            ActiveRegion.None => "no region active",
            _ => "active region not known",
        };

        /// <summary>One region in words: role, mode and state, its catch-up, how fresh; or why it could not be read.</summary>
        private static string Region(RegionStatus r, PairStatus status)
        {
            if (r.Error != null) return r.State + ": " + r.Error;
            if (r.PipelineId == null) return "not published";
            var parts = new List<string> { $"{r.Role.ToString().ToLowerInvariant()}, {r.Mode?.ToLowerInvariant()}, {r.PipelineState}" };
            parts.Add(r.CatchUpPaused == null ? "no catch-up job" : r.CatchUpPaused.Value ? "catch-up paused" : "catch-up scheduled");
            if (status.IsActive(r.Region) && r.FreshAsOf != null) parts.Add("fresh now");
            else if (r.FreshAsOf is DateTimeOffset fresh)
            {
                var behind = status.StandbyLag is TimeSpan lag ? $", {Objectives.Describe(lag)} behind" : "";
                parts.Add($"data as of {fresh.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC{behind}");
            }
            return string.Join("; ", parts);
        }

        /// <summary>
        /// A table cell or list value wrapped on spaces at <paramref name="width"/> (its column's width in
        /// an 80-column console): the view's Wrap then keeps every line whole. Lines already in the
        /// text stay lines; each is wrapped with <paramref name="indent"/> spaces before the lines it
        /// goes on to (a list of steps stays readable).
        /// </summary>
        public static string Cell(object? value, int width, int indent = 0)
        {
            var text = value?.ToString() ?? string.Empty;
            var lines = text.Replace("\r\n", "\n").Split('\n')
                .SelectMany(line => Wrap(line, width, width - indent).Select((l, i) => (i == 0 ? "" : new string(' ', indent)) + l));
            return string.Join("\n", lines);
        }

        /// <summary>The local part of an identity (alice.smith of alice.smith@contoso.com): what a narrow column can show whole.</summary>
        public static string Who(string? identity)
        {
            if (string.IsNullOrEmpty(identity)) return string.Empty;
            var at = identity!.IndexOf('@');
            return at > 0 ? identity.Substring(0, at) : identity;
        }

        /// <summary>
        /// Appends <paramref name="text"/> wrapped on spaces at <see cref="Width"/>: the first line after
        /// <paramref name="first"/>, the rest after <paramref name="rest"/>.
        /// </summary>
        internal static void Append(StringBuilder sb, string text, string first, string rest)
        {
            foreach (var line in Wrap(text, Width - first.Length, Width - rest.Length).Select((l, i) => (i == 0 ? first : rest) + l))
            {
                sb.Append(line.TrimEnd()).Append('\n');
            }
        }

        /// <summary>
        /// The text in lines of at most <paramref name="firstWidth"/> (the first) and <paramref name="width"/>
        /// characters, broken at spaces; a word longer than a line is the only thing ever broken. Spaces
        /// between words on one line are kept as given (a padded column stays aligned).
        /// </summary>
        internal static IEnumerable<string> Wrap(string text, int firstWidth, int width)
        {
            var line = new StringBuilder();
            var limit = firstWidth;
            foreach (Match m in Regex.Matches(text, "( *)([^ ]+)"))
            {
                var gap = m.Groups[1].Value.Length == 0 ? " " : m.Groups[1].Value;
                var w = m.Groups[2].Value;
                if (line.Length > 0 && line.Length + gap.Length + w.Length > limit)
                {
                    yield return line.ToString();
                    line.Clear();
                    limit = width;
                }
                while (w.Length > limit)
                {
                    if (line.Length > 0)
                    {
                        yield return line.ToString();
                        line.Clear();
                    }
                    yield return w.Substring(0, limit);
                    w = w.Substring(limit);
                    limit = width;
                }
                if (line.Length > 0) line.Append(gap);
                line.Append(w);
            }
            if (line.Length > 0) yield return line.ToString();
        }
    }
}
