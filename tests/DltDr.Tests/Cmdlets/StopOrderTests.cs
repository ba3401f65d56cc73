using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Emulator.Faults;
using DltDr.Engine.History;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// Ctrl+C is two events: PowerShell marks the pipeline as stopping (Write* throws from then on),
    /// then calls the cmdlet's StopProcessing, which cancels its work. A console leaves the gap
    /// between them to chance; here StopProcessing is held back until the command has ended, so the
    /// gap is as wide as it can be, and every command that says what it left must still say it.
    /// </summary>
    public sealed class StopOrderTests
    {
        /// <summary>
        /// The command's StopProcessing, held back: what it was told. It reaches the work only after 30
        /// s of real time, so that a command that depends on it fails the test instead of hanging it.
        /// </summary>
        private sealed class HeldStop
        {
            public ConcurrentQueue<bool> PipelineWasStopping { get; } = new ConcurrentQueue<bool>();

            public void Hold(PsSession ps) => ps.OnStopProcessing((stopping, stopWork) =>
            {
                PipelineWasStopping.Enqueue(stopping);
                _ = Task.Delay(TimeSpan.FromSeconds(30)).ContinueWith(_ => stopWork(), TaskScheduler.Default);
            });
        }

        /// <summary>Runs <paramref name="script"/> until <paramref name="stop"/> presses Ctrl+C, StopProcessing held back; answers what the console shows.</summary>
        private static string StoppedFirst(DrWorld w, CtrlC stop, string script)
        {
            var held = new HeldStop();
            held.Hold(w.Ps);
            var r = w.Ps.Run(script, null, TimeSpan.FromMinutes(2), stop.Token);
            stop.Thaw();
            w.Ps.OnStopProcessing(null);
            Assert.True(r.Stopped && !r.TimedOut, "expected Ctrl+C to stop the command: " + r.AllText());
            // The cause: the pipeline is stopping before StopProcessing is called, whatever the timing.
            Assert.NotEmpty(held.PipelineWasStopping);
            Assert.All(held.PipelineWasStopping, Assert.True);
            return w.Ps.Host.TestUI.Written;
        }

        [Fact]
        public async Task A_catch_up_followed_when_the_pipeline_stops_before_StopProcessing_still_says_the_run_goes_on()
        {
            await using var w = await Published();
            using var stop = CtrlC.At(w, "secondary", "GET", "/api/2.2/jobs/runs/get");
            var said = StoppedFirst(w, stop, "Invoke-DltDrCatchUp sales -Wait -Token $token");
            Assert.Contains("WARNING: sales: stopped; a catch-up run it started goes on in the workspace. Run Invoke-DltDrCatchUp "
                + "-Pair sales -Wait within 10 minutes to follow that run", said);
        }

        [Fact]
        public async Task A_switch_stopped_before_StopProcessing_says_what_it_left_and_records_the_interrupted_switch()
        {
            await using var w = await Published();
            using var stop = CtrlC.Manual();
            // Ctrl+C at the first read of the secondary after its promoting edit: the switch is waiting
            // for RUNNING and reports progress at every look.
            w.H["secondary"].Faults.Add(new FaultRule
            {
                Kind = FaultKind.Observe, Method = "PUT", PathPrefix = "/api/2.0/pipelines/", Remaining = 1,
                OnMatch = () => w.H["secondary"].Faults.Add(new FaultRule
                {
                    Kind = FaultKind.Observe, Method = "GET", PathPrefix = "/api/2.0/pipelines", Remaining = 1,
                    OnMatch = stop.Press,
                }),
            });
            var said = StoppedFirst(w, stop, "Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false");
            Assert.Contains("WARNING: sales: the switch to secondary was stopped after ", said);
            Assert.Contains("Run Set-DltDrActiveRegion -Pair sales -Region secondary to finish it.", said);
            var history = w.Run("Get-DltDrHistory sales -Token $token").OutputOf<HistoryRecord>().ToList();
            var interrupted = Assert.Single(history, h => h.Outcome == HistoryOutcomes.Interrupted);
            Assert.Contains(interrupted.Steps, s => s.StartsWith("Secondary: Promote pipeline (continuous): edited", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_publish_stopped_before_StopProcessing_says_the_changes_sent_stay()
        {
            await using var w = await Published();
            w.WritePair("sales", mode: "lenient");
            using var stop = CtrlC.At(w, "primary", "PUT", "/api/2.0/pipelines/", hang: true);
            var said = StoppedFirst(w, stop, "Publish-DltDrPipeline sales -Token $token -Force");
            Assert.Contains("WARNING: sales/primary: publishing was stopped midway; the changes sent so far stay. Run "
                + "Publish-DltDrPipeline -Pair sales again", said);
        }

        [Fact]
        public async Task A_readiness_test_stopped_before_StopProcessing_says_its_validation_changes_nothing()
        {
            await using var w = await Published();
            // The validate-only update is started; Ctrl+C is pressed while it is followed.
            using var stop = CtrlC.At(w, "secondary", "POST", "/api/2.0/pipelines/");
            var said = StoppedFirst(w, stop, "Test-DltDrFailover sales -Token $token");
            Assert.Contains("WARNING: sales: the readiness test was stopped; a validate-only update it started changes nothing and "
                + "ends by itself. Run Test-DltDrFailover -Pair sales again for the answer.", said);
        }
    }
}
