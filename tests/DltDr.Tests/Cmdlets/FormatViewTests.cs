using System;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Cmdlets.SetDltDrActiveRegionTests;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>What an operator reads in the console: every output type through the module's format views.</summary>
    public class FormatViewTests
    {
        /// <summary>Runs the script with its output sent to the host, as a console does, and returns the lines written.</summary>
        private static string[] Rendered(DrWorld w, string script)
        {
            w.Ps.Host.TestUI.Clear();
            var r = w.Run(script + " | Out-Host");
            Assert.Empty(r.Errors);
            // PowerShell 7 colours table headers; the text under the colour is what is checked.
            var plain = System.Text.RegularExpressions.Regex.Replace(w.Ps.Host.TestUI.Written, "\u001b\\[[0-9;]*m", "");
            return plain.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        }

        private static void AssertHeader(string[] lines, params string[] columns)
        {
            var header = lines.FirstOrDefault(l => l.TrimStart().StartsWith(columns[0], StringComparison.Ordinal));
            Assert.True(header != null, "No table header in:\n" + string.Join("\n", lines));
            Assert.Equal(columns, header!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var rule = lines[Array.IndexOf(lines, header) + 1];
            Assert.Matches(@"^[\s-]+$", rule);
        }

        [Fact]
        public async Task Every_output_type_reads_as_a_table_with_its_own_columns()
        {
            await using var w = await Published();

            var pairs = Rendered(w, "Get-DltDrPair sales");
            AssertHeader(pairs, "Name", "Pipeline", "Primary", "Secondary", "CatchUp");
            Assert.Contains(pairs, l => l.StartsWith("sales ") && l.Contains("sales-dlt") && l.Contains("0 0 1 * * ? (UTC)"));

            w.WritePair("sales", mode: "lenient");
            var publish = Rendered(w, "Publish-DltDrPipeline sales -Token $token");
            AssertHeader(publish, "Pair", "Region", "Role", "Pipeline", "Job", "Notebooks", "Restarted", "Changes");
            Assert.Contains(publish, l => l.StartsWith("sales") && l.Contains("Primary") && l.Contains("Active") && l.Contains("Update") && l.Contains("0 new/2 same") && l.EndsWith(" 1"));

            var status = Rendered(w, "Get-DltDrStatus sales -Token $token");
            AssertHeader(status, "Pair", "Active", "Healthy", "Primary", "Secondary", "Problems");
            Assert.Contains(status, l => l.StartsWith("sales") && System.Text.RegularExpressions.Regex.IsMatch(l, @"^sales\s+Primary\s+False\s+Active [A-Z_]+\s+Standby IDLE\s+StaleStandby"));

            var regions = Rendered(w, "(Get-DltDrStatus sales -Token $token).Primary");
            AssertHeader(regions, "Region", "Reachable", "Role", "Mode", "State", "LastSuccess", "CatchUp", "LastCatchUp");
            Assert.Contains(regions, l => l.StartsWith("Primary") && l.Contains("Continuous") && l.Contains("paused"));

            var problems = Rendered(w, "(Get-DltDrStatus sales -Token $token).Problems");
            AssertHeader(problems, "Code", "Region", "Message");
            Assert.Contains(problems, l => l.StartsWith("StaleStandby") && l.Contains("Secondary"));

            var catchUp = Rendered(w, "Invoke-DltDrCatchUp sales -Wait -Token $token");
            AssertHeader(catchUp, "Pair", "Region", "RunId", "State", "Result", "Duration", "Message");
            Assert.Contains(catchUp, l => l.StartsWith("sales") && l.Contains("TERMINATED") && l.Contains("SUCCESS") && System.Text.RegularExpressions.Regex.IsMatch(l, @"\d+\.\ds"));

            var switched = Rendered(w, "Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false");
            AssertHeader(switched, "Pair", "Active", "Previous", "Changed", "Recovery", "Total", "Notes");
            Assert.Contains(switched, l => l.StartsWith("sales") && l.Contains("Secondary") && l.Contains("Primary") && l.Contains("True"));

            var steps = Rendered(w, "(Set-DltDrActiveRegion sales Primary -Token $token -Confirm:$false).Steps");
            AssertHeader(steps, "Region", "Action", "Duration", "Outcome");
            Assert.Contains(steps, l => l.StartsWith("Primary") && l.Contains("Promote pipeline (continuous: the service starts it)"));
        }

        [Fact]
        public async Task A_status_read_as_a_string_names_each_region_role_and_state()
        {
            await using var w = await Published();
            var r = w.Run("(Get-DltDrStatus sales -Token $token).Primary.ToString()");
            Assert.Matches("^Primary: Active, Continuous [A-Z_]+, catch-up paused$", Assert.Single(r.Output).ToString());
        }
    }
}
