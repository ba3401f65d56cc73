using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator.Faults;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    public class JobsAndWorkspaceServiceTests
    {
        private static JobSettings CatchUp(string pipelineId, string pause) => new JobSettings
        {
            Name = "sales-dlt catch-up",
            Tags = new() { ["dltdr-pair"] = "sales" },
            MaxConcurrentRuns = 1,
            Schedule = new CronSchedule { QuartzCronExpression = "0 0 1 * * ?", TimezoneId = "UTC", PauseStatus = pause },
            Tasks = new() { new JobTask { TaskKey = "catch_up", PipelineTask = new PipelineTask { PipelineId = pipelineId } } },
        };

        [Fact]
        public async Task A_catch_up_job_is_created_found_paused_and_run_once_per_idempotency_token()
        {
            await using var h = await EmulatorHarness.StartAsync();
            using var transport = EngineClients.Transport(h);
            var pipelines = new PipelinesService(transport);
            var jobs = new JobsService(transport);
            var pid = await pipelines.CreateAsync(new PipelineSettings { Name = "sales-dlt" }, CancellationToken.None);
            var jobId = await jobs.CreateAsync(CatchUp(pid, CronSchedule.Unpaused), CancellationToken.None);

            var found = Assert.Single(await jobs.ListAsync("SALES-DLT CATCH-UP", CancellationToken.None));
            Assert.Equal(jobId, found.JobId);
            Assert.Equal(pid, found.Settings!.Tasks![0].PipelineTask!.PipelineId);
            Assert.True(found.Settings.Unknown.ContainsKey("format")); // server defaults are kept, not dropped

            await jobs.UpdateAsync(jobId, new JObject { ["schedule"] = ApiJson.Write(new CronSchedule { QuartzCronExpression = "0 0 1 * * ?", TimezoneId = "UTC", PauseStatus = CronSchedule.Paused }) }, null, CancellationToken.None);
            Assert.Equal("PAUSED", (await jobs.GetAsync(jobId, CancellationToken.None))!.Settings!.Schedule!.PauseStatus);

            // A 503 on run-now with a token is retried, and still only one run starts.
            h["primary"].Faults.Add(new FaultRule { Status = 503, Remaining = 1, PathPrefix = "/api/2.2/jobs/run-now" });
            var (runId, number) = await jobs.RunNowAsync(jobId, "dltdr-sales-1", fullRefresh: null, CancellationToken.None);
            var (again, _) = await jobs.RunNowAsync(jobId, "dltdr-sales-1", fullRefresh: null, CancellationToken.None);
            Assert.Equal(runId, again);
            Assert.Equal(1, number);
            h.Advance(30);
            var run = await jobs.GetRunAsync(runId, CancellationToken.None);
            Assert.True(run.IsTerminal);
            Assert.Equal("SUCCESS", run.State!.ResultState);
            Assert.Single(await jobs.ListRunsAsync(jobId, activeOnly: false, limit: 25, CancellationToken.None));
            Assert.Null(await jobs.GetAsync(999, CancellationToken.None));
        }

        [Fact]
        public async Task Get_reads_every_page_of_a_wide_jobs_tasks()
        {
            await using var h = await EmulatorHarness.StartAsync();
            using var transport = EngineClients.Transport(h);
            var jobs = new JobsService(transport);
            var settings = new JobSettings { Name = "wide", Tasks = Enumerable.Range(0, 230).Select(i => new JobTask { TaskKey = "t" + i, PipelineTask = new PipelineTask { PipelineId = "p" } }).ToList() };
            var id = await jobs.CreateAsync(settings, CancellationToken.None);
            var job = await jobs.GetAsync(id, CancellationToken.None);
            Assert.Equal(settings.Tasks.Select(t => t.TaskKey), job!.Settings!.Tasks!.Select(t => t.TaskKey));
            Assert.False(job.Unknown.ContainsKey("has_more"));
        }

        [Fact]
        public async Task Notebooks_import_export_and_report_missing_paths_as_null()
        {
            await using var h = await EmulatorHarness.StartAsync();
            using var transport = EngineClients.Transport(h);
            var ws = new WorkspaceService(transport);
            Assert.Null(await ws.GetStatusAsync("/Shared/dltdr/bronze", CancellationToken.None));
            await ws.MkdirsAsync("/Shared/dltdr", CancellationToken.None);
            await ws.ImportSourceAsync("/Shared/dltdr/bronze", "SQL", Encoding.UTF8.GetBytes("SELECT 1"), overwrite: true, CancellationToken.None);
            var status = await ws.GetStatusAsync("/Shared/dltdr/bronze", CancellationToken.None);
            Assert.Equal("NOTEBOOK", status!.ObjectType);
            Assert.Equal("SQL", status.Language);
            Assert.Equal("-- Databricks notebook source\nSELECT 1", Encoding.UTF8.GetString(await ws.ExportSourceAsync("/Shared/dltdr/bronze", CancellationToken.None)));
            var tooBig = await Assert.ThrowsAsync<ArgumentException>(() => ws.ImportSourceAsync("/Shared/big", "PYTHON", new byte[WorkspaceService.MaxImportBytes + 1], true, CancellationToken.None));
            Assert.StartsWith("The notebook /Shared/big is 10485761 bytes", tooBig.Message);
        }
    }
}
