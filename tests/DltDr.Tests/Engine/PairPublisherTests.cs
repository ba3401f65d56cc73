using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    public sealed class PairPublisherTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("dltdr-publish-").FullName;

        public PairPublisherTests()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "nb"));
            File.WriteAllText(Path.Combine(_dir, "nb", "bronze.py"), "import dlt\n\n@dlt.table\ndef bronze():\n    return spark.range(1)\n");
            File.WriteAllText(Path.Combine(_dir, "nb", "silver.sql"), "CREATE OR REFRESH LIVE TABLE silver AS SELECT * FROM LIVE.bronze\n");
        }

        public void Dispose() => Directory.Delete(_dir, true);

        private PairDefinition Pair(EmulatorHarness h, string configValue = "strict", string primaryStorage = "abfss://p@weu.dfs.core.windows.net/sales")
            => PairDefinitionReader.FromJson($@"{{
  ""name"": ""sales"",
  ""pipeline"": {{ ""name"": ""sales-dlt"", ""target"": ""sales"", ""edition"": ""ADVANCED"", ""configuration"": {{ ""mode"": ""{configValue}"" }} }},
  ""notebooks"": {{ ""source"": ""nb"", ""workspaceDirectory"": ""/Shared/dltdr/sales"" }},
  ""regions"": {{
    ""primary"": {{ ""host"": ""{h.Url("primary")}"", ""storage"": ""{primaryStorage}"" }},
    ""secondary"": {{ ""host"": ""{h.Url("secondary")}"", ""storage"": ""abfss://p@neu.dfs.core.windows.net/sales"" }}
  }}
}}", "sales.json", _dir);

        /// <summary>Publishes both regions as the cmdlet will: discover both, decide roles, plan, apply.</summary>
        private static async Task<(RegionPlan Primary, RegionPlan Secondary)> PublishBoth(EmulatorHarness h, PairDefinition pair, bool adopt = false, bool apply = true)
        {
            using var pc = new WorkspaceClient(new Uri(h.Url("primary")), new StaticTokenProvider("pat", "dapi-test"));
            using var sc = new WorkspaceClient(new Uri(h.Url("secondary")), new StaticTokenProvider("pat", "dapi-test"));
            var pp = new PairPublisher(pair, Region.Primary, pc, adopt);
            var sp = new PairPublisher(pair, Region.Secondary, sc, adopt);
            var ps = await pp.DiscoverAsync(CancellationToken.None);
            var ss = await sp.DiscoverAsync(CancellationToken.None);
            var primaryPlan = await pp.PlanAsync(ps, PublishRoles.IsActive(Region.Primary, ps, ss), CancellationToken.None);
            var secondaryPlan = await sp.PlanAsync(ss, PublishRoles.IsActive(Region.Secondary, ss, ps), CancellationToken.None);
            if (apply)
            {
                await pp.ApplyAsync(primaryPlan, CancellationToken.None);
                await sp.ApplyAsync(secondaryPlan, CancellationToken.None);
            }
            return (primaryPlan, secondaryPlan);
        }

        private static async Task<JObject> OnlyPipeline(EmulatorHarness h, string ws)
        {
            var list = await h.OkAsync(HttpMethod.Get, ws, "/api/2.0/pipelines");
            return await h.GetPipelineAsync(ws, (string)Assert.Single(list["statuses"]!)["pipeline_id"]!);
        }

        private static async Task<JObject> OnlyJob(EmulatorHarness h, string ws)
        {
            var list = await h.OkAsync(HttpMethod.Get, ws, "/api/2.2/jobs/list?expand_tasks=true");
            return (JObject)Assert.Single(list["jobs"]!)["settings"]!;
        }

        [Fact]
        public async Task A_first_publish_makes_primary_active_and_secondary_standby()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var (primary, secondary) = await PublishBoth(h, Pair(h));
            Assert.True(primary.Active);
            Assert.False(secondary.Active);
            Assert.Equal(new[] { "Create Folder", "Create Notebook", "Create Notebook", "Create Pipeline", "Create Job" }, primary.Resources.Select(r => $"{r.Action} {r.Kind}"));

            var p = await OnlyPipeline(h, "primary");
            Assert.True((bool)p["spec"]!["continuous"]!);
            Assert.Equal("sales", (string?)p["spec"]!["tags"]!["dltdr-pair"]);
            Assert.Equal("PAUSED", (string?)(await OnlyJob(h, "primary"))["schedule"]!["pause_status"]);
            var s = await OnlyPipeline(h, "secondary");
            Assert.False((bool)s["spec"]!["continuous"]!);
            var sj = await OnlyJob(h, "secondary");
            Assert.Equal("UNPAUSED", (string?)sj["schedule"]!["pause_status"]);
            Assert.Equal((string?)s["pipeline_id"], (string?)sj["tasks"]![0]!["pipeline_task"]!["pipeline_id"]);
            Assert.Equal("sales-dlt catch-up", (string?)sj["name"]);
        }

        [Fact]
        public async Task Publishing_an_unchanged_definition_again_writes_nothing()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pair = Pair(h);
            await PublishBoth(h, pair);
            h.Advance(60);
            var writes = h["primary"].Requests.WriteCount + h["secondary"].Requests.WriteCount;
            var (primary, secondary) = await PublishBoth(h, pair);
            Assert.False(primary.HasWrites, string.Join("\n", primary.Resources));
            Assert.False(secondary.HasWrites, string.Join("\n", secondary.Resources));
            Assert.Equal(writes, h["primary"].Requests.WriteCount + h["secondary"].Requests.WriteCount);
        }

        [Fact]
        public async Task A_changed_setting_or_notebook_updates_only_that_and_says_the_active_pipeline_restarts()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await PublishBoth(h, Pair(h));
            h.Advance(60);
            File.WriteAllText(Path.Combine(_dir, "nb", "silver.sql"), "CREATE OR REFRESH LIVE TABLE silver AS SELECT id FROM LIVE.bronze\n");
            var (primary, _) = await PublishBoth(h, Pair(h, configValue: "lenient"));
            var changed = primary.Resources.Where(r => r.Action != PlanAction.None).ToList();
            Assert.Equal(new[] { "Notebook /Shared/dltdr/sales/silver", "Pipeline sales-dlt" }, changed.Select(r => $"{r.Kind} {r.Name}"));
            var pipelineChange = changed[1];
            Assert.Equal("configuration.mode: \"strict\" -> \"lenient\"", Assert.Single(pipelineChange.Changes).ToString());
            Assert.Equal("restarts the running continuous pipeline", pipelineChange.Note);
            Assert.Equal("lenient", (string?)(await OnlyPipeline(h, "primary"))["spec"]!["configuration"]!["mode"]);
        }

        [Fact]
        public async Task Publishing_after_a_failover_keeps_the_secondary_active()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pair = Pair(h);
            await PublishBoth(h, pair);
            // Fail over by hand: secondary continuous, primary triggered.
            foreach (var (ws, on) in new[] { ("secondary", true), ("primary", false) })
            {
                var p = await OnlyPipeline(h, ws);
                var spec = (JObject)p["spec"]!;
                spec["continuous"] = on;
                await h.OkAsync(HttpMethod.Put, ws, "/api/2.0/pipelines/" + (string)p["pipeline_id"]!, spec);
            }
            var (primary, secondary) = await PublishBoth(h, pair);
            Assert.False(primary.Active);
            Assert.True(secondary.Active);
            Assert.True((bool)(await OnlyPipeline(h, "secondary"))["spec"]!["continuous"]!);
            Assert.Equal("PAUSED", (string?)(await OnlyJob(h, "secondary"))["schedule"]!["pause_status"]);
            Assert.Equal("UNPAUSED", (string?)(await OnlyJob(h, "primary"))["schedule"]!["pause_status"]);
        }

        [Fact]
        public async Task A_same_named_pipeline_that_is_not_ours_is_refused_unless_adopted()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var foreign = await h.CreatePipelineAsync("primary", new JObject { ["name"] = "sales-dlt", ["storage"] = "abfss://p@weu.dfs.core.windows.net/sales" });
            var ex = await Assert.ThrowsAsync<PublishConflictException>(() => PublishBoth(h, Pair(h), apply: false));
            Assert.Equal("NotOurs", ex.Reason);
            Assert.Equal($"primary ({h.Url("primary")}): a pipeline named 'sales-dlt' ({foreign}) exists but was not deployed by DltDr for pair 'sales' (it has no 'dltdr-pair' tag). Rename one of them, or publish with -Adopt to take it over.", ex.Message);

            await PublishBoth(h, Pair(h), adopt: true);
            var p = await OnlyPipeline(h, "primary");
            Assert.Equal(foreign, (string?)p["pipeline_id"]);
            Assert.Equal("sales", (string?)p["spec"]!["tags"]!["dltdr-pair"]);
        }

        [Fact]
        public async Task A_storage_change_is_refused_before_any_write()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await PublishBoth(h, Pair(h));
            var writes = h["primary"].Requests.WriteCount;
            var moved = Pair(h, primaryStorage: "abfss://p@elsewhere.dfs.core.windows.net/sales");
            var ex = await Assert.ThrowsAsync<PublishConflictException>(() => PublishBoth(h, moved, apply: false));
            Assert.Equal("ImmutableField", ex.Reason);
            Assert.Contains("its storage cannot be changed to 'abfss://p@elsewhere.dfs.core.windows.net/sales'", ex.Message);
            Assert.Equal(writes, h["primary"].Requests.WriteCount);
        }
    }
}
