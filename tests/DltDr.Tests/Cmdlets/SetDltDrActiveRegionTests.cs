using System;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>Failover and failback through the PowerShell engine, against emulated regions on a clock 100 times real time.</summary>
    public class SetDltDrActiveRegionTests
    {
        internal static async Task<DrWorld> Published(params string[] pairs)
        {
            var w = await DrWorld.StartAsync(clockScale: 100);
            if (pairs.Length == 0) pairs = new[] { "sales" };
            foreach (var p in pairs) w.WritePair(p);
            w.Publish(pairs);
            return w;
        }

        internal static PairStatus Status(DrWorld w, string pair = "sales")
        {
            var r = w.Run($"Get-DltDrStatus {pair} -Token $token -RegionTimeoutSec 5");
            Assert.Empty(r.Errors);
            return Assert.Single(r.OutputOf<PairStatus>());
        }

        internal static SwitchResult Switch(DrWorld w, string region, string extra = "", string pair = "sales")
        {
            var r = w.Run($"Set-DltDrActiveRegion -Pair {pair} -Region {region} -Token $token -Confirm:$false {extra}");
            if (r.Errors.Count > 0) throw new Xunit.Sdk.XunitException("Set-DltDrActiveRegion failed: " + r.AllText());
            return Assert.Single(r.OutputOf<SwitchResult>());
        }

        internal static async Task<JObject> Pipeline(DrWorld w, string ws)
        {
            var list = await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.0/pipelines");
            return await w.H.GetPipelineAsync(ws, (string)list["statuses"]![0]!["pipeline_id"]!);
        }

        internal static async Task<string?> JobPause(DrWorld w, string ws)
        {
            var list = await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.2/jobs/list");
            return (string?)list["jobs"]![0]!["settings"]!["schedule"]!["pause_status"];
        }

        [Fact]
        public async Task The_operators_drill_publish_status_catch_up_failover_status_failback_status()
        {
            await using var w = await Published();
            var first = Status(w);
            Assert.Equal(ActiveRegion.Primary, first.ActiveRegion);

            var catchUp = Assert.Single(w.Run("Invoke-DltDrCatchUp sales -Wait -Token $token").OutputOf<CatchUpResult>());
            Assert.True(catchUp.Succeeded);
            var healthy = Status(w);
            Assert.Empty(healthy.Problems);

            var failover = Switch(w, "Secondary", "-Verbose");
            Assert.Equal(Region.Secondary, failover.ActiveRegion);
            Assert.Equal(ActiveRegion.Primary, failover.PreviousActiveRegion);
            Assert.False(failover.Forced);
            Assert.False(failover.PendingDemotion);
            Assert.NotNull(failover.RecoveryTime);
            Assert.True(failover.RecoveryTime <= failover.TotalTime);
            Assert.Equal(new[]
            {
                "Secondary: Read both regions",
                "Secondary: Promote pipeline (continuous: the service starts it)",
                "Secondary: Pause catch-up job",
                "Secondary: Wait for RUNNING",
                "Primary: Demote pipeline (triggered)",
                "Primary: Stop the running update",
                "Primary: Wait for IDLE",
                "Primary: Resume catch-up job",
            }, failover.Steps.Select(s => $"{s.Region}: {s.Action}"));
            Assert.Equal("RUNNING", failover.Steps.Single(s => s.Action == "Wait for RUNNING").Outcome);
            Assert.Equal((RegionRole.Active, "RUNNING"), (failover.Secondary!.Role, failover.Secondary.PipelineState));
            Assert.Equal((RegionRole.Standby, "IDLE"), (failover.Primary!.Role, failover.Primary.PipelineState));

            var after = Status(w);
            Assert.Equal(ActiveRegion.Secondary, after.ActiveRegion);
            Assert.DoesNotContain(after.Problems, p => p.Code == StatusProblemCodes.BothActive || p.Code == StatusProblemCodes.ModeJobMismatch);
            Assert.Equal(("PAUSED", "UNPAUSED"), (await JobPause(w, "secondary"), await JobPause(w, "primary")));

            var failback = Switch(w, "Primary");
            Assert.Equal(ActiveRegion.Secondary, failback.PreviousActiveRegion);
            var back = Status(w);
            Assert.Equal(ActiveRegion.Primary, back.ActiveRegion);
            Assert.True((bool)(await Pipeline(w, "primary"))["spec"]!["continuous"]!);
            Assert.False((bool)(await Pipeline(w, "secondary"))["spec"]!["continuous"]!);
        }

        [Fact]
        public async Task Switching_to_the_region_already_active_makes_no_write()
        {
            await using var w = await Published();
            Switch(w, "Secondary");
            var writes = w.Writes;
            var again = Switch(w, "Secondary");
            Assert.False(again.Changed);
            Assert.Equal(writes, w.Writes);
            Assert.All(again.Steps, s => Assert.False(s.Wrote));
        }

        [Fact]
        public async Task WhatIf_makes_no_write()
        {
            await using var w = await Published();
            var writes = w.Writes;
            var r = w.Run("Set-DltDrActiveRegion sales Secondary -Token $token -WhatIf");
            Assert.Empty(r.Output);
            Assert.Equal(writes, w.Writes);
            Assert.Contains("What if: Performing the operation \"Make secondary active: promote secondary (continuous, catch-up paused), then demote primary (triggered, catch-up running)\" on target \"sales\".", w.Ps.Host.TestUI.Written);
        }

        [Fact]
        public async Task With_the_primary_down_it_refuses_without_Force()
        {
            await using var w = await Published();
            await w.H.Emulator.TakeDownAsync("primary");
            var writes = w.H["secondary"].Requests.WriteCount;
            var r = w.Run("Set-DltDrActiveRegion sales Secondary -Token $token -Confirm:$false -RegionTimeoutSec 2");
            var e = Assert.Single(r.Errors);
            Assert.Equal("OtherRegionUnreachable,DltDr.Cmdlets.SetDltDrActiveRegionCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
            Assert.Contains("For an unplanned failover add -Force", e.Exception.Message);
            Assert.Equal(writes, w.H["secondary"].Requests.WriteCount);
        }

        [Fact]
        public async Task With_Force_it_fails_over_and_the_returning_primary_is_demoted_by_the_next_run()
        {
            await using var w = await Published();
            await w.H.Emulator.TakeDownAsync("primary");
            var r = w.Run("Set-DltDrActiveRegion sales Secondary -Force -Token $token -Confirm:$false -RegionTimeoutSec 2");
            Assert.Empty(r.Errors);
            var result = Assert.Single(r.OutputOf<SwitchResult>());
            Assert.True(result.Forced);
            Assert.True(result.PendingDemotion);
            Assert.NotNull(result.RecoveryTime);
            Assert.Contains(r.Warnings, x => x.Message == "sales: primary could not be reached and is pending demotion: it may still be running. Run Set-DltDrActiveRegion -Pair sales -Region secondary again once it answers.");
            Assert.Equal("RUNNING", (string?)(await Pipeline(w, "secondary"))["state"]);

            // The primary comes back still continuous: status says both are active and which is pending.
            await w.H.Emulator.BringUpAsync("primary");
            var seen = Status(w);
            Assert.Equal(ActiveRegion.Both, seen.ActiveRegion);
            Assert.Contains(seen.Problems, p => p.Code == StatusProblemCodes.PendingDemotion && p.Region == Region.Primary);

            var finish = Switch(w, "Secondary");
            Assert.False(finish.PendingDemotion);
            Assert.Contains(finish.Steps, s => s.Region == Region.Primary && s.Action == "Demote pipeline (triggered)" && s.Wrote);
            var done = Status(w);
            Assert.Equal(ActiveRegion.Secondary, done.ActiveRegion);
            Assert.DoesNotContain(done.Problems, p => p.Code == StatusProblemCodes.PendingDemotion || p.Code == StatusProblemCodes.BothActive);
        }

        [Fact]
        public async Task The_target_unreachable_is_refused_even_with_Force()
        {
            await using var w = await Published();
            await w.H.Emulator.TakeDownAsync("secondary");
            var r = w.Run("Set-DltDrActiveRegion sales Secondary -Force -Token $token -Confirm:$false -RegionTimeoutSec 2");
            Assert.Equal("TargetUnreachable,DltDr.Cmdlets.SetDltDrActiveRegionCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.True((bool)(await Pipeline(w, "primary"))["spec"]!["continuous"]!);
        }
    }
}
