using System;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>Catch-up against emulated regions whose clock runs 100 times real time (a 22 s run takes about 0.2 s).</summary>
    public class InvokeDltDrCatchUpTests
    {
        private static async Task<DrWorld> Published()
        {
            var w = await DrWorld.StartAsync(clockScale: 100);
            w.WritePair("sales");
            w.Publish("sales");
            return w;
        }

        private static async Task<int> RunsOf(DrWorld w, string ws)
        {
            var jobs = await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.2/jobs/list?name=" + Uri.EscapeDataString("sales-dlt catch-up"));
            var runs = await w.H.OkAsync(HttpMethod.Get, ws, $"/api/2.2/jobs/runs/list?job_id={jobs["jobs"]![0]!["job_id"]}&limit=25");
            return runs["runs"]?.Count() ?? 0;
        }

        [Fact]
        public async Task Catches_up_the_standby_and_waits_for_the_result_with_progress()
        {
            await using var w = await Published();
            var r = w.Run("Invoke-DltDrCatchUp -Pair sales -Wait -Token $token -Verbose");
            Assert.Empty(r.Errors);
            var result = Assert.Single(r.OutputOf<CatchUpResult>());
            Assert.Equal(Region.Secondary, result.Region);
            Assert.Equal(("TERMINATED", "SUCCESS"), (result.State, result.Result));
            Assert.True(result.Succeeded);
            Assert.NotNull(result.UpdateId);
            Assert.InRange(result.Duration!.Value.TotalSeconds, 20, 40); // virtual: pending 1 s, update 20 s, terminating 1 s
            Assert.NotEmpty(r.Progress);
            Assert.Contains(r.Verbose, v => v.Message == $"sales/secondary: started catch-up run {result.RunId}");
            Assert.Equal("sales/secondary: run TERMINATED, update COMPLETED", r.Verbose.Last().Message);
            Assert.Equal(0, await RunsOf(w, "primary"));
        }

        [Fact]
        public async Task Repeating_the_command_while_the_run_goes_on_never_starts_a_second_run()
        {
            await using var w = await Published();
            w.H.Emulator.Clock.Scale = 0; // hold the clock so the first run is still going
            var first = Assert.Single(w.Run("Invoke-DltDrCatchUp sales -Token $token").OutputOf<CatchUpResult>());
            Assert.False(first.AlreadyRunning);
            var again = Assert.Single(w.Run("Invoke-DltDrCatchUp sales -Token $token").OutputOf<CatchUpResult>());
            Assert.True(again.AlreadyRunning);
            Assert.Equal(first.RunId, again.RunId);
            Assert.Equal(1, await RunsOf(w, "secondary"));
        }

        [Fact]
        public async Task The_active_region_is_refused()
        {
            await using var w = await Published();
            var r = w.Run("Invoke-DltDrCatchUp sales -Region Primary -Token $token");
            var e = Assert.Single(r.Errors);
            Assert.Equal("CatchUpOnActiveRegion,DltDr.Cmdlets.InvokeDltDrCatchUpCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
            Assert.Equal("sales/primary is the active region of pair 'sales': it runs continuously and needs no catch-up. Catch-up runs in the standby region.", e.Exception.Message);
            Assert.Equal(0, await RunsOf(w, "primary"));
        }

        [Fact]
        public async Task Full_refresh_reaches_the_update_and_WhatIf_starts_nothing()
        {
            await using var w = await Published();
            w.Run("Invoke-DltDrCatchUp sales -Token $token -WhatIf");
            Assert.Equal(0, await RunsOf(w, "secondary"));
            var result = Assert.Single(w.Run("Invoke-DltDrCatchUp sales -FullRefresh -Wait -Token $token").OutputOf<CatchUpResult>());
            var update = await w.H.OkAsync(HttpMethod.Get, "secondary", $"/api/2.0/pipelines/{(await w.H.OkAsync(HttpMethod.Get, "secondary", "/api/2.0/pipelines"))["statuses"]![0]!["pipeline_id"]}/updates/{result.UpdateId}");
            Assert.True((bool)update["update"]!["full_refresh"]!);
        }

        [Fact]
        public async Task A_failing_catch_up_reports_its_result_and_an_error()
        {
            await using var w = await Published();
            var pid = (string)(await w.H.OkAsync(HttpMethod.Get, "secondary", "/api/2.0/pipelines"))["statuses"]![0]!["pipeline_id"]!;
            w.H["secondary"].Read(x => x.Pipelines.Find(pid).FailNextUpdates = 1);
            var r = w.Run("Invoke-DltDrCatchUp sales -Wait -Token $token");
            var result = Assert.Single(r.OutputOf<CatchUpResult>());
            Assert.Equal("FAILED", result.Result);
            var e = Assert.Single(r.Errors);
            Assert.Equal("CatchUpFailed,DltDr.Cmdlets.InvokeDltDrCatchUpCommand", e.FullyQualifiedErrorId);
            Assert.Contains("ended FAILED: Task catch_up failed with message: Update failed", e.Exception.Message);
        }

        [Fact]
        public async Task Without_a_clear_standby_it_refuses_and_says_why()
        {
            await using var w = await Published();
            await w.H.Emulator.TakeDownAsync("secondary");
            var r = w.Run("Invoke-DltDrCatchUp sales -Token $token -RegionTimeoutSec 2");
            var e = Assert.Single(r.Errors);
            Assert.Equal("NoStandbyRegion,DltDr.Cmdlets.InvokeDltDrCatchUpCommand", e.FullyQualifiedErrorId);
            Assert.Contains("secondary (" + w.H.Url("secondary") + ") is unreachable", e.Exception.Message);
        }
    }
}
