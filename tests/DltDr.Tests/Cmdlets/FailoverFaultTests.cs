using System;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Emulator.Faults;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>The faults of the DR semantics, each on its own, through the PowerShell engine.</summary>
    public class FailoverFaultTests
    {
        [Fact]
        public async Task A_storm_of_429_and_503_during_the_failover_is_ridden_out()
        {
            await using var w = await Published();
            foreach (var ws in new[] { "primary", "secondary" })
            {
                w.H[ws].Faults.Add(new FaultRule { Status = 429, RetryAfterSeconds = 1, Remaining = 3 });
                w.H[ws].Faults.Add(new FaultRule { Status = 503, Remaining = 3 });
            }
            var result = Switch(w, "Secondary");
            Assert.Equal(Region.Secondary, result.ActiveRegion);
            Assert.Contains(w.H["primary"].Requests.Entries, e => e.Status == 429);
            Assert.Contains(w.H["secondary"].Requests.Entries, e => e.Status == 503);
            Assert.Equal(ActiveRegion.Secondary, Status(w).ActiveRegion);
        }

        [Fact]
        public async Task When_the_promoted_update_fails_to_start_the_old_active_stays_active()
        {
            await using var w = await Published();
            var sid = (string)(await Pipeline(w, "secondary"))["pipeline_id"]!;
            w.H["secondary"].Read(x => x.Pipelines.Find(sid).FailNextUpdates = 1);
            var r = w.Run("Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false");
            var e = Assert.Single(r.Errors);
            Assert.Equal("PromotionFailed,DltDr.Cmdlets.SetDltDrActiveRegionCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category);
            Assert.Contains("primary stays active and secondary was returned to standby", e.Exception.Message);

            var s = Status(w);
            Assert.Equal(ActiveRegion.Primary, s.ActiveRegion);
            Assert.Equal(RegionRole.Standby, s.Secondary.Role);
            Assert.False(s.Secondary.CatchUpPaused);
            Assert.DoesNotContain(s.Problems, p => p.Kind == StatusRules.BothActive || p.Kind == StatusRules.ModeJobMismatch);
            Assert.Equal("RUNNING", (string?)(await Pipeline(w, "primary"))["state"]);
        }

        [Fact]
        public async Task Stopped_midway_with_Ctrl_C_a_rerun_converges()
        {
            await using var w = await Published();
            // The demotion's edit of the primary hangs (once): as it arrives, after the secondary was
            // seen running, time stands still and Ctrl+C is pressed.
            using var stop = CtrlC.At(w, "primary", "PUT", "/api/2.0/pipelines/", hang: true);
            var stopped = w.Ps.Run("Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false -RegionTimeoutSec 600", null, TimeSpan.FromMinutes(3), stop.Token);
            stop.Thaw();
            Assert.True(stopped.Stopped && !stopped.TimedOut, "expected Ctrl+C to stop the command: " + stopped.AllText());
            Assert.Equal("RUNNING", (string?)(await Pipeline(w, "secondary"))["state"]);
            Assert.Empty(stopped.Output);
            // As it stops it says what it left and what finishes it, and the history has the steps done.
            var said = w.Ps.Host.TestUI.Written;
            Assert.Contains("WARNING: sales: the switch to secondary was stopped after ", said);
            Assert.Contains("Run Set-DltDrActiveRegion -Pair sales -Region secondary to finish it.", said);
            Assert.Contains("was stopped after 4 of 9 steps: it left both regions continuous, the target's catch-up paused (last step done: ",
                said);
            var history = w.Run("Get-DltDrHistory sales -Token $token").OutputOf<DltDr.Engine.History.HistoryRecord>().ToList();
            var interrupted = Assert.Single(history, h => h.Outcome == "Interrupted");
            Assert.Equal("Primary", interrupted.From);
            Assert.Contains(interrupted.Steps, s => s.StartsWith("Secondary: Promote pipeline (continuous): edited", StringComparison.Ordinal));

            var seen = Status(w);
            Assert.Equal(ActiveRegion.Both, seen.ActiveRegion); // interrupted between promote and demote
            w.H.Advance(20);
            var rerun = Switch(w, "Secondary");
            Assert.Contains(rerun.Steps, s => s.Step == SwitchSteps.Promote.Id && s.Outcome == "already continuous");
            // The rerun finishes the interrupted switch: measured from when that one began, from the region active then.
            Assert.Equal(ActiveRegion.Primary, rerun.PreviousActiveRegion);
            Assert.True(rerun.RecoveryTime >= TimeSpan.FromSeconds(20), $"recovery {rerun.RecoveryTime}");
            Assert.Equal(ActiveRegion.Secondary, Status(w).ActiveRegion);
            Assert.Equal("IDLE", (string?)(await Pipeline(w, "primary"))["state"]);
        }

        [Fact]
        public async Task A_rerun_after_the_demote_edit_but_before_the_stop_stops_the_old_update()
        {
            await using var w = await Published();
            // As if killed right after turning the primary's continuous off: its update still runs.
            await w.EditPipelineAsync("secondary", "sales-dlt", spec => { spec["continuous"] = true; spec["tags"]!["dltdr-promoted-at"] = "2026-11-24T00:00:05Z"; });
            await w.SetJobPauseAsync("secondary", "sales-dlt catch-up", "PAUSED");
            await w.EditPipelineAsync("primary", "sales-dlt", spec => spec["continuous"] = false);
            Assert.Equal("RUNNING", (string?)(await Pipeline(w, "primary"))["state"]);

            var rerun = Switch(w, "Secondary");
            // The resume goes alongside the stop and the wait for IDLE.
            var primary = rerun.Steps.Where(s => s.Wrote || s.Step == SwitchSteps.WaitIdle.Id).Where(s => s.Region == Region.Primary).Select(s => s.Step).ToList();
            Assert.Equal(new[] { "resume", "stop", "wait-idle" }, primary.OrderBy(x => x));
            Assert.True(primary.IndexOf("stop") < primary.IndexOf("wait-idle"));
            Assert.Equal("IDLE", (string?)(await Pipeline(w, "primary"))["state"]);
            Assert.DoesNotContain(Status(w).Problems, p => p.Kind != StatusRules.StaleStandby);
        }

        [Fact]
        public async Task Two_operators_failing_over_the_same_pair_at_once_converge_on_one_active_region()
        {
            await using var w = await Published();
            using var second = w.NewOperator();
            var script = "Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false";
            var a = Task.Run(() => w.Ps.Run(script));
            var b = Task.Run(() => second.Run(script));
            var results = await Task.WhenAll(a, b);
            Assert.All(results, r => Assert.Empty(r.Errors));
            var s = Status(w);
            Assert.Equal(ActiveRegion.Secondary, s.ActiveRegion);
            Assert.DoesNotContain(s.Problems, p => p.Kind == StatusRules.BothActive || p.Kind == StatusRules.NoneActive || p.Kind == StatusRules.ModeJobMismatch);
            var updates = (JArray)(await Pipeline(w, "secondary"))["latest_updates"]!;
            Assert.Single(updates, u => (string?)u["state"] == "RUNNING");
        }

        [Fact]
        public async Task A_promotion_demoted_by_someone_else_during_the_wait_is_a_concurrent_change_not_a_failed_start()
        {
            // As the secondary's catch-up is paused (it was just promoted; the wait for RUNNING
            // follows), another operator makes it triggered again.
            await using var w = await Published();
            var sid = (string)(await Pipeline(w, "secondary"))["pipeline_id"]!;
            var ws = w.H["secondary"];
            ws.Faults.Add(new FaultRule
            {
                Kind = FaultKind.Observe, Method = "POST", PathPrefix = "/api/2.2/jobs/update", Remaining = 1,
                OnMatch = () => ws.Sim.Sync(now =>
                {
                    var spec = (JObject)ws.Pipelines.Find(sid).Spec.DeepClone();
                    spec["continuous"] = false;
                    ws.Pipelines.Edit(sid, spec, "other.operator@dltdr.example", now);
                }),
            });

            var r = w.Run("Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false");
            var e = Assert.Single(r.Errors);
            Assert.Equal("ConcurrentChange,DltDr.Cmdlets.SetDltDrActiveRegionCommand", e.FullyQualifiedErrorId);
            Assert.Equal("sales/secondary was made triggered again while this command waited for it to run: someone else is switching this pair. Once primary ran, this command put back what it had changed (secondary update stopped, catch-up resumed); primary stays active. Run Get-DltDrStatus -Pair sales to see the pair.", e.Exception.Message);
            Assert.True((bool)(await Pipeline(w, "primary"))["spec"]!["continuous"]!); // the old active region was left alone
            Assert.Equal("UNPAUSED", await JobPause(w, "secondary")); // and the catch-up this switch paused was resumed
        }

        [Fact]
        public async Task A_switch_with_nothing_to_do_that_sees_the_other_region_promoted_meanwhile_says_so_and_not_already_active()
        {
            // The primary is active; while the command asking for it waits to see it running,
            // another operator's promoting edit makes the secondary continuous.
            await using var w = await Published();
            var pid = (string)(await Pipeline(w, "primary"))["pipeline_id"]!;
            var sid = (string)(await Pipeline(w, "secondary"))["pipeline_id"]!;
            var secondary = w.H["secondary"];
            var reads = 0;
            w.H["primary"].Faults.Add(new FaultRule
            {
                Kind = FaultKind.Observe, Method = "GET", PathPrefix = "/api/2.0/pipelines/" + pid,
                OnMatch = () =>
                {
                    if (++reads != 2) return;
                    secondary.Sim.Sync(now =>
                    {
                        var spec = (JObject)secondary.Pipelines.Find(sid).Spec.DeepClone();
                        spec["continuous"] = true;
                        spec["tags"]!["dltdr-promoted-at"] = "2026-11-24T00:02:00.000Z";
                        secondary.Pipelines.Edit(sid, spec, "other.operator@dltdr.example", now);
                    });
                },
            });

            var r = w.Run("Set-DltDrActiveRegion sales Primary -Token $token -Confirm:$false");
            var e = Assert.Single(r.Errors);
            Assert.Equal("ConcurrentChange,DltDr.Cmdlets.SetDltDrActiveRegionCommand", e.FullyQualifiedErrorId);
            Assert.Equal("sales/secondary was made active at 2026-11-24T00:02:00.000Z, while this command found primary active: someone else is switching this pair. This command changed nothing. Both are continuous; run Get-DltDrStatus -Pair sales and decide which region stays active.", e.Exception.Message);
            Assert.Empty(r.OutputOf<SwitchResult>());
        }

        [Fact]
        public async Task A_pending_demotion_is_finished_in_either_direction_and_going_back_is_not_a_concurrent_change()
        {
            await using var w = await Published();
            await w.H.Emulator.TakeDownAsync("primary");
            var unplanned = Switch(w, "Secondary", "-Unplanned -WarningAction SilentlyContinue");
            Assert.True(unplanned.PendingDemotion);
            await w.H.Emulator.BringUpAsync("primary");
            Assert.Contains(Status(w).Problems, p => p.Kind == StatusRules.PendingDemotion && p.Region == Region.Primary);

            // The primary came back still running: going back to it demotes the secondary.
            var back = Switch(w, "Primary");
            Assert.True(back.Changed);
            var s = Status(w);
            Assert.Equal(ActiveRegion.Primary, s.ActiveRegion);
            Assert.DoesNotContain(s.Problems, p => p.Is(StatusRules.BothActive, StatusRules.PendingDemotion, StatusRules.ModeJobMismatch));
        }

        [Fact]
        public async Task Many_pairs_fail_over_at_once_and_one_failure_does_not_stop_the_rest()
        {
            await using var w = await Published("sales", "hr", "ops");
            var hrSecondary = (string)(await w.H.OkAsync(HttpMethod.Get, "secondary", "/api/2.0/pipelines?filter=" + Uri.EscapeDataString("name LIKE 'hr-dlt'")))["statuses"]![0]!["pipeline_id"]!;
            w.H["secondary"].Read(x => x.Pipelines.Find(hrSecondary).FailNextUpdates = 1);
            var r = w.Run("Get-DltDrPair | Set-DltDrActiveRegion -Region Secondary -Token $token -Confirm:$false -ThrottleLimit 2");
            // All the command said, when a pair is missing: which error or warning took its place.
            Assert.True(new[] { "ops", "sales" }.SequenceEqual(r.OutputOf<SwitchResult>().Select(x => x.Pair).OrderBy(x => x)), r.AllText());
            var e = Assert.Single(r.Errors);
            Assert.Equal("hr", e.TargetObject);
            Assert.Equal(ActiveRegion.Primary, Status(w, "hr").ActiveRegion);
        }

        [Fact]
        public async Task A_catch_up_rerun_after_a_lost_answer_follows_the_run_already_started()
        {
            // Time moves only while a command waits, so the rerun comes within the rerun window.
            await using var w = await Published();
            w.H["secondary"].Faults.Add(new FaultRule { Kind = FaultKind.AppliedThenTimeout, Method = "POST", PathPrefix = "/api/2.2/jobs/run-now", Remaining = 1 });
            var first = w.Run("Invoke-DltDrCatchUp sales -Token $token -RegionTimeoutSec 2 -Confirm:$false");
            Assert.NotEmpty(first.Errors); // the answer was lost: the run was started, the command could not know it
            w.H.Advance(120); // the run it started has ended by the time the operator reruns

            var rerun = w.Run("Invoke-DltDrCatchUp sales -Token $token -Confirm:$false");
            Assert.True(rerun.Errors.Count == 0, rerun.AllText());
            var result = Assert.Single(rerun.OutputOf<CatchUpResult>());
            Assert.True(result.AlreadySucceeded);
            Assert.False(result.AlreadyRunning);
            Assert.Contains(rerun.Warnings, x => x.Message.StartsWith($"sales: catch-up run {result.RunId}, started by an earlier catch-up command at ", StringComparison.Ordinal) && x.Message.Contains("already succeeded; no new run was started"));
            var runs = await w.H.OkAsync(HttpMethod.Get, "secondary", "/api/2.2/jobs/runs/list");
            Assert.Equal(result.RunId, (long)Assert.Single((Newtonsoft.Json.Linq.JArray)runs["runs"]!)["run_id"]!);
        }
    }
}
