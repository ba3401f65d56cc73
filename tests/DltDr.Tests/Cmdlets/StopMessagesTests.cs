using System;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>Ctrl+C on a command that writes: as it stops, it says what it left and the command that finishes it.</summary>
    public sealed class StopMessagesTests
    {
        [Fact]
        public async Task Ctrl_C_while_following_a_catch_up_says_the_run_goes_on_and_how_to_follow_it()
        {
            await using var w = await Published();
            // The first read of the run it started: the run is going, Ctrl+C is pressed.
            using var stop = CtrlC.At(w, "secondary", "GET", "/api/2.2/jobs/runs/get");
            var r = w.Ps.Run("Invoke-DltDrCatchUp sales -Wait -Token $token", null, TimeSpan.FromMinutes(3), stop.Token);
            Assert.True(r.Stopped && !r.TimedOut, "expected Ctrl+C to stop the command: " + r.AllText());
            Assert.Contains("WARNING: sales: stopped; a catch-up run it started goes on in the workspace. Run Invoke-DltDrCatchUp "
                + "-Pair sales -Wait within 10 minutes to follow that run (it starts no second one), or Get-DltDrStatus -Pair sales to "
                + "see the standby.", w.Ps.Host.TestUI.Written);
        }

        [Fact]
        public async Task Ctrl_C_while_publishing_says_what_went_out_stays_and_how_to_finish()
        {
            await using var w = await Published();
            w.WritePair("sales", mode: "lenient");
            // The edit of the primary's pipeline hangs; Ctrl+C is pressed as it does.
            using var stop = CtrlC.At(w, "primary", "PUT", "/api/2.0/pipelines/", hang: true);
            var r = w.Ps.Run("Publish-DltDrPipeline sales -Token $token -Force", null, TimeSpan.FromMinutes(3), stop.Token);
            stop.Thaw();
            Assert.True(r.Stopped && !r.TimedOut, "expected Ctrl+C to stop the command: " + r.AllText());
            Assert.Contains("WARNING: sales/primary: publishing was stopped midway; the changes sent so far stay. Run "
                + "Publish-DltDrPipeline -Pair sales again: it changes only what still differs from the definition.",
                w.Ps.Host.TestUI.Written);
        }
    }
}
