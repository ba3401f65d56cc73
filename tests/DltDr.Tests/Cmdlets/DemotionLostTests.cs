using System.Linq;
using System.Threading.Tasks;
using DltDr.Emulator.Faults;
using DltDr.Engine.Operations;
using DltDr.Engine.Readiness;
using DltDr.Engine.Status;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// A planned switch whose old region is lost at one of its demotion writes (the edit to
    /// triggered, the stop of its update, the resume of its catch-up job) never reports plain
    /// success: it ends pending demotion naming the rerun, status names what was left, readiness
    /// fails on it, and the rerun finishes it.
    /// </summary>
    public class DemotionLostTests
    {
        [Theory]
        [InlineData("demote", "PUT", "/api/2.0/pipelines/")]
        [InlineData("stop", "POST", "/api/2.0/pipelines/{id}/stop")]
        [InlineData("resume", "POST", "/api/2.2/jobs/update")]
        public async Task A_region_lost_at_a_demotion_write_is_pending_demotion_until_the_rerun(string step, string method, string prefix)
        {
            await using var w = await Published();
            var primaryId = (string)(await Pipeline(w, "primary"))["pipeline_id"]!;
            w.H["primary"].Faults.Add(new FaultRule { Kind = FaultKind.Down, Method = method, PathPrefix = prefix.Replace("{id}", primaryId), Remaining = 1 });

            var first = w.Run("Set-DltDrActiveRegion -Pair sales -Region Secondary -Token $token -Force -RegionTimeoutSec 3");
            Assert.True(w.H["primary"].IsDown, $"the {step} write was never sent: {first.AllText()}");
            Assert.Empty(first.Errors);
            var result = Assert.Single(first.OutputOf<SwitchResult>());
            Assert.True(result.PendingDemotion, $"lost at the {step} write, the switch claimed success: {first.AllText()}");
            var warning = Assert.Single(first.Warnings, x => x.Message.StartsWith("sales: primary is pending demotion (", System.StringComparison.Ordinal)).Message;
            Assert.EndsWith("Run Set-DltDrActiveRegion -Pair sales -Region secondary again once it answers.", warning);

            await w.H.Emulator.BringUpAsync("primary");
            var seen = Status(w);
            Assert.Equal(ActiveRegion.Secondary, seen.ActiveRegion is ActiveRegion.Both ? ActiveRegion.Secondary : seen.ActiveRegion);
            var pending = seen.Problems.Where(p => p.Kind == StatusRules.PendingDemotion).ToList();
            Assert.NotEmpty(pending);
            Assert.All(pending, p => Assert.Equal(DltDr.Engine.Pairs.Region.Primary, p.Region));
            Assert.All(pending, p => Assert.EndsWith("Run Set-DltDrActiveRegion -Pair sales -Region secondary to finish it.", p.Message));
            if (step == "stop") Assert.Contains(pending, p => p.Message.Contains("may still be processing"));
            if (step == "resume") Assert.Contains(pending, p => p.Message.Contains("catch-up job is paused"));
            if (step == "stop" && w.H["primary"].Requests.Entries.Any(e => e.Path == "/api/2.2/jobs/update" && e.Status == 200))
                Assert.DoesNotContain(pending, p => p.Message.Contains("catch-up job is paused"));
            Assert.DoesNotContain(seen.Problems, p => p.Kind == StatusRules.ModeJobMismatch);

            var ready = w.Run("Test-DltDrFailover -Pair sales -Region Primary -SkipValidation -Token $token");
            var readiness = Assert.Single(ready.OutputOf<FailoverReadiness>());
            Assert.False(readiness.Ready);
            var roles = Assert.Single(readiness.Checks, c => c.Name == ReadinessCheckNames.Roles);
            Assert.Equal(ReadinessOutcome.Failed, roles.Outcome);
            Assert.Contains("to finish it", roles.Detail);
            var job = Assert.Single(readiness.Checks, c => c.Name == ReadinessCheckNames.CatchUpJob);
            // A standby job left paused fails the catch-up check too; one resumed does not. The
            // resume goes alongside the stop, so when the stop is lost it may have gone through.
            var resumed = w.H["primary"].Requests.Entries.Any(e => e.Path == "/api/2.2/jobs/update" && e.Status == 200);
            Assert.Equal(step == "resume" || (step == "stop" && !resumed) ? ReadinessOutcome.Failed : ReadinessOutcome.Passed, job.Outcome);

            var rerun = Switch(w, "Secondary");
            Assert.False(rerun.PendingDemotion);
            var end = Status(w);
            Assert.Equal(ActiveRegion.Secondary, end.ActiveRegion);
            Assert.DoesNotContain(end.Problems, p => p.Is(StatusRules.PendingDemotion, StatusRules.BothActive, StatusRules.ModeJobMismatch));
            Assert.Equal("IDLE", (string?)(await Pipeline(w, "primary"))["state"]);
            Assert.Equal("UNPAUSED", await JobPause(w, "primary"));
        }

        [Fact]
        public async Task A_standby_job_paused_by_hand_while_the_other_region_is_active_is_named_with_the_command_that_finishes_it()
        {
            await using var w = await Published();
            await w.SetJobPauseAsync("secondary", "sales-dlt catch-up", "PAUSED");
            var s = Status(w);
            var p = Assert.Single(s.Problems, x => x.Kind == StatusRules.PendingDemotion);
            Assert.Equal("secondary is triggered (standby) but its catch-up job is paused: its demotion did not finish, so it is not being caught up. Run Set-DltDrActiveRegion -Pair sales -Region primary to finish it.", p.Message);
            var rerun = Switch(w, "Primary");
            Assert.Contains(rerun.Steps, x => x.Step == SwitchSteps.ResumeCatchUp.Id && x.Wrote);
            Assert.DoesNotContain(Status(w).Problems, x => x.Kind == StatusRules.PendingDemotion);
        }
    }
}
