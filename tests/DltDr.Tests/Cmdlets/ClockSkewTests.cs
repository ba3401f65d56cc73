using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DltDr.Engine.Reports;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// The workspaces' clocks ahead of this machine's: history is dated by the workspaces, the report
    /// by this machine. No age is ever negative, and the skew is named once, in the report's summary;
    /// status carries each region's skew.
    /// </summary>
    public sealed class ClockSkewTests
    {
        [Fact]
        public async Task A_drill_dated_ahead_of_this_machine_is_zero_days_ago_and_the_skew_is_named_once()
        {
            await using var w = await Published();
            // The workspaces' clocks move five minutes ahead of this machine's; then a drill.
            w.H.Emulator.Advance(TimeSpan.FromMinutes(5));
            Switch(w, "Secondary");

            var s = Status(w);
            Assert.All(new[] { s.Primary, s.Secondary }, r => Assert.InRange(r.ClockSkew!.Value.TotalSeconds, 298, 302));

            var path = Path.Combine(w.Folder, "report.html");
            var r = w.Run($"Export-DltDrReport sales -Path '{path}' -PassThru -Token $token");
            Assert.Empty(r.Errors);
            var report = Assert.Single(r.OutputOf<EstateReport>());
            Assert.Equal(0, report.DaysSinceLastDrill);
            Assert.Equal(0, report.DaysSinceOldestLastDrill);
            // Named once, in the summary.
            var html = File.ReadAllText(path);
            Assert.Single(Regex.Matches(html, "id=\"clock-skew\""));
            Assert.Matches("A workspace's clock is (5m|4m 59s|5m 1s) ahead of this machine's \\((primary|secondary) of sales; the largest difference\\)", html);
            Assert.Contains("id=\"days-since-drill\">0<", html);
            Assert.DoesNotContain(">-1<", html);
        }

        [Fact]
        public async Task Clocks_within_a_minute_of_each_other_are_not_named()
        {
            await using var w = await Published();
            w.H.Emulator.Advance(TimeSpan.FromSeconds(30));
            Switch(w, "Secondary");
            var path = Path.Combine(w.Folder, "report.html");
            Assert.Empty(w.Run($"Export-DltDrReport sales -Path '{path}' -Token $token").Errors);
            Assert.DoesNotContain("clock-skew", File.ReadAllText(path));
        }
    }
}
