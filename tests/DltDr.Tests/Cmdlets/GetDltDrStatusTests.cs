using System.Linq;
using System.Threading.Tasks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Cmdlets
{
    public class GetDltDrStatusTests
    {
        /// <summary>Published at 00:00 (virtual), the nightly catch-up ran at 01:00: a healthy pair at 02:30.</summary>
        private static async Task<DrWorld> HealthyPair()
        {
            var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            w.Publish("sales");
            w.H.Advance(2.5 * 3600);
            return w;
        }

        private static PairStatus Status(DrWorld w, string pair = "sales")
        {
            var r = w.Run($"Get-DltDrStatus -Pair {pair} -Token $token -RegionTimeoutSec 3");
            Assert.Empty(r.Errors);
            return Assert.Single(r.OutputOf<PairStatus>());
        }

        private static string[] Codes(PairStatus s) => s.Problems.Select(p => p.Code + (p.Region != null ? "/" + p.Region : string.Empty)).ToArray();

        [Fact]
        public async Task A_healthy_pair_shows_primary_active_and_no_problem()
        {
            await using var w = await HealthyPair();
            var writes = w.Writes;
            var s = Status(w);
            Assert.Equal(ActiveRegion.Primary, s.ActiveRegion);
            Assert.Empty(s.Problems);
            Assert.Equal((RegionRole.Active, "Continuous", "RUNNING", true), (s.Primary.Role, s.Primary.Mode, s.Primary.PipelineState, s.Primary.CatchUpPaused));
            Assert.Equal((RegionRole.Standby, "Triggered", "IDLE", false), (s.Secondary.Role, s.Secondary.Mode, s.Secondary.PipelineState, s.Secondary.CatchUpPaused));
            Assert.Equal("COMPLETED", s.Secondary.LatestUpdateState);
            Assert.Equal("SUCCESS", s.Secondary.LastCatchUpResult);
            Assert.Equal(EmulatorHarness.Origin.AddHours(1).AddSeconds(1), s.Secondary.LastSuccessfulUpdate);
            Assert.Equal("0 0 1 * * ? (UTC)", s.Secondary.CatchUpSchedule);
            // The service's time: its Date header, moved on by the real time since the answer.
            Assert.InRange(s.ReadAt, EmulatorHarness.Origin.AddHours(2.5), EmulatorHarness.Origin.AddHours(2.5).AddSeconds(30));
            Assert.True(s.Primary.Reachable && s.Secondary.Reachable);
            Assert.Equal(writes, w.Writes); // reads only
        }

        [Fact]
        public async Task Right_after_a_first_publish_the_standby_is_reported_never_caught_up()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            w.Publish("sales");
            var s = Status(w);
            Assert.Equal(new[] { "StaleStandby/Secondary" }, Codes(s));
            Assert.Equal("secondary has never completed an update, and its catch-up was due at 2026-11-23T01:00:00Z. Run Invoke-DltDrCatchUp -Pair sales.", s.Problems[0].Message);
        }

        [Fact]
        public async Task A_failing_catch_up_and_a_stale_standby_are_reported()
        {
            await using var w = await HealthyPair();
            var pid = Status(w).Secondary.PipelineId!;
            w.H["secondary"].Read(x => x.Pipelines.Find(pid).FailNextUpdates = 5);
            w.H.Advance(24 * 3600); // the next nightly run fails
            var s = Status(w);
            Assert.Equal(new[] { "CatchUpFailing/Secondary", "StaleStandby/Secondary" }, Codes(s));
            Assert.Equal("secondary's last catch-up run failed (FAILED).", s.Problems[0].Message);
            Assert.Equal("secondary's last successful update was at 2026-11-24T01:00:01Z, before its catch-up due at 2026-11-25T01:00:00Z.", s.Problems[1].Message);
        }

        [Fact]
        public async Task An_unreachable_region_is_reported_not_guessed()
        {
            await using var w = await HealthyPair();
            await w.H.Emulator.TakeDownAsync("secondary");
            var s = Status(w);
            Assert.Equal(ActiveRegion.Primary, s.ActiveRegion); // the primary is seen active
            Assert.Equal(new[] { "RegionUnreachable/Secondary" }, Codes(s));
            Assert.False(s.Secondary.Reachable);
            Assert.Equal(RegionRole.Unknown, s.Secondary.Role);

            await w.H.Emulator.BringUpAsync("secondary");
            await w.H.Emulator.TakeDownAsync("primary");
            s = Status(w);
            Assert.Equal(ActiveRegion.Unknown, s.ActiveRegion); // the secondary is standby; the primary may be active
            Assert.Equal(new[] { "RegionUnreachable/Primary" }, Codes(s));
            Assert.Contains($"primary ({w.H.Url("primary")}) is unreachable:", s.Problems[0].Message);
        }

        [Fact]
        public async Task A_hung_region_costs_one_timeout()
        {
            await using var w = await HealthyPair();
            w.H["secondary"].Faults.Hang();
            var s = Status(w);
            Assert.Equal(new[] { "RegionUnreachable/Secondary" }, Codes(s));
            Assert.Equal("secondary (" + w.H.Url("secondary") + ") is unreachable: no answer within 3 s", s.Problems[0].Message);
            w.H["secondary"].Faults.Unhang();
        }

        [Fact]
        public async Task A_region_whose_mode_and_job_disagree_is_reported()
        {
            await using var w = await HealthyPair();
            await w.SetJobPauseAsync("primary", "sales-dlt catch-up", "UNPAUSED");
            await w.SetJobPauseAsync("secondary", "sales-dlt catch-up", "PAUSED");
            var s = Status(w);
            Assert.Equal(new[] { "ModeJobMismatch/Primary", "ModeJobMismatch/Secondary" }, Codes(s));
        }

        [Fact]
        public async Task Both_active_none_active_and_a_pending_demotion_are_reported()
        {
            await using var w = await HealthyPair();
            await w.EditPipelineAsync("secondary", "sales-dlt", spec => { spec["continuous"] = true; spec["tags"]!["dltdr-promoted-at"] = "2026-11-24T02:00:00Z"; });
            await w.SetJobPauseAsync("secondary", "sales-dlt catch-up", "PAUSED");
            var s = Status(w);
            Assert.Equal(ActiveRegion.Both, s.ActiveRegion);
            Assert.Equal(new[] { "BothActive", "PendingDemotion/Primary" }, Codes(s));
            Assert.Equal("primary is pending demotion and may still be running: secondary was promoted at 2026-11-24T02:00:00Z. Run Set-DltDrActiveRegion -Pair sales -Region secondary to finish it.", s.Problems[1].Message);

            foreach (var ws in new[] { "primary", "secondary" }) await w.EditPipelineAsync(ws, "sales-dlt", spec => spec["continuous"] = false);
            s = Status(w);
            Assert.Equal(ActiveRegion.None, s.ActiveRegion);
            Assert.Contains("NoneActive", Codes(s));
        }

        [Fact]
        public async Task Settings_that_drifted_from_the_definition_are_reported_field_by_field()
        {
            await using var w = await HealthyPair();
            await w.EditPipelineAsync("primary", "sales-dlt", spec => spec["configuration"]!["mode"] = "hotfix");
            w.H.Advance(60);
            var s = Status(w);
            var drift = Assert.Single(s.Problems);
            Assert.Equal(StatusProblemCodes.SettingsDrift, drift.Code);
            Assert.Equal("primary's pipeline differs from the definition: configuration: {\"mode\":\"hotfix\"} -> {\"mode\":\"strict\"}. Run Publish-DltDrPipeline to put it back.", drift.Message);
        }

        [Fact]
        public async Task An_unpublished_pair_and_many_pairs_at_once()
        {
            await using var w = await HealthyPair();
            w.WritePair("hr");
            w.WritePair("ops");
            var s = Status(w, "hr");
            Assert.Equal(new[] { "NotPublished/Primary", "NotPublished/Secondary" }, Codes(s));
            Assert.Equal(ActiveRegion.Unknown, s.ActiveRegion);

            var all = w.Run("Get-DltDrPair | Get-DltDrStatus -Token $token -ThrottleLimit 2");
            Assert.Empty(all.Errors);
            Assert.Equal(new[] { "hr", "ops", "sales" }, all.OutputOf<PairStatus>().Select(x => x.Pair).OrderBy(x => x));
        }
    }
}
