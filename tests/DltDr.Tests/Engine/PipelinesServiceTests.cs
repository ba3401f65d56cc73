using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    public class PipelinesServiceTests
    {
        private static PipelinesService Service(EmulatorHarness h) => new PipelinesService(EngineClients.Transport(h));

        [Fact]
        public async Task Read_modify_write_keeps_every_field_the_model_does_not_name()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var original = new JObject
            {
                ["name"] = "sales-dlt",
                ["catalog"] = "main",
                ["schema"] = "sales",
                ["serverless"] = true,
                ["root_path"] = "/Shared/dltdr/sales",
                ["run_as"] = new JObject { ["service_principal_name"] = "6a1f-sp" },
                ["tags"] = new JObject { ["dltdr-pair"] = "sales" },
                ["environment"] = new JObject { ["dependencies"] = new JArray("pyyaml==6.0") },
                ["a_field_from_next_year"] = new JObject { ["nested"] = new JArray(1, "two") },
                ["libraries"] = new JArray(new JObject { ["notebook"] = new JObject { ["path"] = "/a" } }, new JObject { ["whl"] = "/b.whl" }),
            };
            var id = await h.CreatePipelineAsync("primary", original);
            var before = (JObject)(await h.GetPipelineAsync("primary", id))["spec"]!;

            var pipelines = Service(h);
            var read = await pipelines.GetAsync(id, CancellationToken.None);
            Assert.Equal("main", read.Spec!.Catalog);
            Assert.True(read.Spec.Serverless);
            read.Spec.Development = true;
            await pipelines.EditAsync(id, read.Spec, read.LastModified, CancellationToken.None);

            var after = (JObject)(await h.GetPipelineAsync("primary", id))["spec"]!;
            before["development"] = true;
            JsonAssert.Equal(before, after);
        }

        [Fact]
        public async Task Create_start_stop_and_read_updates_through_the_typed_service()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pipelines = Service(h);
            var id = await pipelines.CreateAsync(new PipelineSettings
            {
                Name = "typed",
                Storage = "abfss://x@y.dfs.core.windows.net/typed",
                Edition = "ADVANCED",
                Continuous = false,
                Libraries = new() { PipelineLibrary.ForNotebook("/Shared/typed") },
            }, CancellationToken.None);
            var updateId = await pipelines.StartUpdateAsync(id, fullRefresh: false, cause: null, CancellationToken.None);
            var conflict = await Assert.ThrowsAsync<DatabricksApiException>(() => pipelines.StartUpdateAsync(id, false, null, CancellationToken.None));
            Assert.Equal("RESOURCE_CONFLICT", conflict.ErrorCode);
            // RUNNING 10 s after the start (queued 1, waiting 4, initializing 3, setting up 2): read a second later, not on the edge.
            h.Advance(11);
            Assert.Equal("RUNNING", (await pipelines.GetUpdateAsync(id, updateId, CancellationToken.None)).State);
            await pipelines.StopAsync(id, CancellationToken.None);
            h.Advance(2);
            var info = await pipelines.GetAsync(id, CancellationToken.None);
            Assert.Equal("IDLE", info.State);
            Assert.Equal("CANCELED", info.LatestUpdates![0].State);
            Assert.Equal("2026-11-24T00:00:00.000Z", info.LatestUpdates[0].CreationTime);
            Assert.Single(await pipelines.ListUpdatesAsync(id, 10, CancellationToken.None));
            Assert.Equal(new[] { "typed" }, (await pipelines.ListAsync("name LIKE 'typ%'", CancellationToken.None)).Select(p => p.Name));
            Assert.Contains(await pipelines.ListEventsAsync(id, null, 50, CancellationToken.None), e => e.EventType == "create_update");
        }

        [Fact]
        public async Task Delete_never_takes_the_tables_with_it()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pipelines = Service(h);
            var id = await pipelines.CreateAsync(new PipelineSettings { Name = "gone" }, CancellationToken.None);
            await pipelines.DeleteAsync(id, CancellationToken.None);
            var deletion = Assert.Single(h["primary"].Read(w => w.Pipelines.Deletions.ToList()));
            Assert.False(deletion.Cascade);
        }

        [Fact]
        public async Task Listing_reads_every_page()
        {
            await using var h = await EmulatorHarness.StartAsync();
            for (var i = 0; i < 130; i++) await h.CreatePipelineAsync("primary", new JObject { ["name"] = $"p{i:D3}" });
            var all = await Service(h).ListAsync(null, CancellationToken.None);
            Assert.Equal(130, all.Select(p => p.PipelineId).Distinct().Count());
            Assert.Equal(2, h["primary"].Requests.Entries.Count(e => e.Method == "GET" && e.Path == "/api/2.0/pipelines"));
        }
    }
}
