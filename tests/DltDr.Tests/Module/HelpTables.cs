using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DltDr.Engine.Operations;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;

namespace DltDr.Tests.Module
{
    /// <summary>
    /// The help pages' tables rendered from the code's own: the switch's step list
    /// (<see cref="SwitchSteps.All"/>) into Set-DltDrActiveRegion's description, the transport's
    /// attempt rules (<see cref="DltDr.Engine.Databricks.AttemptRules.All"/>), the status
    /// problems (<see cref="StatusRules.All"/>) and the error ids (the cmdlets' ErrorMapping.Table)
    /// into about_DltDr. The pages are markdown the build
    /// turns into MAML; these blocks of them are written only by <see cref="Update"/>, run with
    /// <c>DLTDR_UPDATE_HELP=1 dotnet test tests/DltDr.Tests --filter HelpTables</c>.
    /// </summary>
    internal static class HelpTables
    {
        private const int Width = 96;

        public static string StepsPage => Path.Combine(RepoPaths.Root, "docs", "Set-DltDrActiveRegion.md");

        public static string AboutPage => Path.Combine(RepoPaths.Root, "docs", "about_DltDr.md");

        /// <summary>One numbered line per step: id, region and call, how it goes, what it needs and leaves.</summary>
        public static IReadOnlyList<string> Steps()
            => SwitchSteps.All.Select((s, i) =>
            {
                var how = new List<string>();
                if (s.Background) how.Add("alongside the steps after it (done before verify)");
                if (s.HelpNote != null) how.Add(s.HelpNote);
                var note = how.Count == 0 ? string.Empty : ", " + string.Join("; ", how);
                return $"{i + 1}. {s.Id} ({s.Region.ToString().ToLowerInvariant()}; {s.Call}){note}. Needs: {s.Needs}. "
                    + $"Stopped after it: {s.Leaves}.";
            }).ToList();

        /// <summary>One list item per status problem, wrapped: code, severity, the check it fails, what it means, what fixes it.</summary>
        public static IReadOnlyList<string> Problems()
            => StatusRules.All.SelectMany(k => Wrap(
                $"- {k.Code} ({k.Severity.ToString().ToLowerInvariant()}; fails {k.FailsCheck}): {k.Help} {k.Action}")).ToList();

        /// <summary>One list item per error id, wrapped: the id, its category, what it means and what fixes it.</summary>
        public static IReadOnlyList<string> Errors()
            => DltDr.Cmdlets.ErrorMapping.Table.SelectMany(e => Wrap($"- {e.Key} ({e.Value.CategoryText}): {e.Value.Help}")).ToList();

        /// <summary>One list item per attempt rule, wrapped: its name, what it is, and which kinds of call are sent again.</summary>
        public static IReadOnlyList<string> Retries()
            => DltDr.Engine.Databricks.AttemptRules.All.SelectMany(r =>
            {
                var kinds = new[]
                {
                    (DltDr.Engine.Databricks.CallKind.Read, "reads"),
                    (DltDr.Engine.Databricks.CallKind.IdempotentWrite, "writes that land the same way twice"),
                    (DltDr.Engine.Databricks.CallKind.StartingWrite, "starting writes"),
                };
                var again = kinds.Where(k => r.Retries(k.Item1)).Select(k => k.Item2).ToList();
                var unknown = kinds.Where(k => r.OutcomeUnknown(k.Item1)).Select(k => k.Item2).ToList();
                var sent = r.Handling == DltDr.Engine.Databricks.AttemptHandling.RefreshCredentials
                    ? "sent again once with credentials fetched anew, where they can be (not a -Token); then the error"
                    : again.Count == 0 ? "sent again: none" : "sent again: " + string.Join(", ", again);
                var outcome = unknown.Count == 0 ? string.Empty : "; outcome unknown for " + string.Join(", ", unknown);
                return Wrap($"- {r.Name}: {r.Means} ({sent}{outcome}).");
            }).ToList();

        /// <summary>The steps page with its numbered step list rendered from the code.</summary>
        public static string RenderStepsPage(string page)
            => ReplaceBlock(page, "## DESCRIPTION", line => Regex.IsMatch(line, @"^\d+\. "), Steps(), "the numbered step list");

        /// <summary>about_DltDr with its status problem list and its error list rendered from the code.</summary>
        public static string RenderAboutPage(string page)
        {
            static bool Item(string line) => line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("  ", StringComparison.Ordinal);
            var withRetries = ReplaceBlock(page, "## RETRIES", Item, Retries(), "the attempt rule list");
            var withProblems = ReplaceBlock(withRetries, "## STATUS PROBLEMS", Item, Problems(), "the status problem list");
            return ReplaceBlock(withProblems, "## ERRORS", Item, Errors(), "the error list");
        }

        /// <summary>Writes both pages as rendered; answers the pages it changed.</summary>
        public static IReadOnlyList<string> Update()
        {
            var changed = new List<string>();
            foreach (var (path, render) in new (string, Func<string, string>)[] { (StepsPage, RenderStepsPage), (AboutPage, RenderAboutPage) })
            {
                var text = File.ReadAllText(path);
                var rendered = render(text);
                if (rendered == text) continue;
                File.WriteAllText(path, rendered, new UTF8Encoding(false));
                changed.Add(path);
            }
            return changed;
        }

        /// <summary>
        /// The first run of lines <paramref name="inBlock"/> accepts, after <paramref name="section"/>'s
        /// heading, replaced by <paramref name="lines"/>: the block starts at the first accepted line
        /// and ends before the first line it does not accept.
        /// </summary>
        private static string ReplaceBlock(string page, string section, Func<string, bool> inBlock, IReadOnlyList<string> lines, string what)
        {
            var newline = page.Contains("\r\n") ? "\r\n" : "\n";
            var all = page.Split(newline).ToList();
            var heading = all.IndexOf(section);
            if (heading < 0) throw new InvalidOperationException($"the page has no '{section}' heading for {what}");
            var start = all.FindIndex(heading + 1, l => l.StartsWith("- ", StringComparison.Ordinal) || Regex.IsMatch(l, @"^\d+\. "));
            var next = all.FindIndex(heading + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            if (start < 0 || (next >= 0 && start > next)) throw new InvalidOperationException($"'{section}' has no {what}");
            var end = start;
            while (end < all.Count && inBlock(all[end])) end++;
            all.RemoveRange(start, end - start);
            all.InsertRange(start, lines);
            return string.Join(newline, all);
        }

        private static IEnumerable<string> Wrap(string text)
        {
            var line = new StringBuilder();
            foreach (var word in text.Split(' '))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > Width)
                {
                    yield return line.ToString();
                    line.Clear().Append("  ");
                }
                if (line.Length > 0 && line.ToString() != "  ") line.Append(' ');
                line.Append(word);
            }
            if (line.Length > 0) yield return line.ToString();
        }
    }
}
