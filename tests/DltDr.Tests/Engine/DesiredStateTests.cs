using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    public sealed class DesiredStateTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("dltdr-desired-").FullName;
        private readonly PairDefinition _pair;

        public DesiredStateTests()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "nb"));
            File.WriteAllText(Path.Combine(_dir, "nb", "bronze.py"), "import dlt\n");
            File.WriteAllText(Path.Combine(_dir, "nb", "silver.sql"), "SELECT 1\n");
            _pair = PairDefinitionReader.FromJson(@"{
  ""name"": ""sales"",
  ""pipeline"": { ""name"": ""sales-dlt"", ""target"": ""sales"", ""edition"": ""ADVANCED"", ""photon"": false,
                ""clusters"": [ { ""num_workers"": 2 } ], ""configuration"": { ""source"": ""/raw/weu"", ""mode"": ""strict"" }, ""tags"": { ""team"": ""data"" } },
  ""notebooks"": { ""source"": ""nb"", ""workspaceDirectory"": ""/Shared/dltdr/sales"" },
  ""regions"": {
    ""primary"": { ""host"": ""https://adb-1.1.azuredatabricks.net"", ""storage"": ""abfss://p@weu.dfs.core.windows.net/sales"" },
    ""secondary"": { ""host"": ""https://adb-2.2.azuredatabricks.net"", ""storage"": ""abfss://p@neu.dfs.core.windows.net/sales"",
                     ""overrides"": { ""configuration"": { ""source"": ""/raw/neu"" }, ""clusters"": [ { ""num_workers"": 1 } ] } }
  }
}", "sales.json", _dir);
        }

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void A_regions_pipeline_merges_its_overrides_storage_notebooks_markers_and_role()
        {
            var standby = DesiredState.Pipeline(_pair, Region.Secondary, active: false);
            JsonAssert.Equal(new JObject
            {
                ["name"] = "sales-dlt",
                ["target"] = "sales",
                ["edition"] = "ADVANCED",
                ["photon"] = false,
                ["clusters"] = new JArray(new JObject { ["num_workers"] = 1 }),
                ["configuration"] = new JObject { ["source"] = "/raw/neu", ["mode"] = "strict" },
                ["tags"] = new JObject { ["team"] = "data", ["dltdr-pair"] = "sales", ["dltdr-region"] = "secondary" },
                ["storage"] = "abfss://p@neu.dfs.core.windows.net/sales",
                ["libraries"] = new JArray(
                    new JObject { ["notebook"] = new JObject { ["path"] = "/Shared/dltdr/sales/bronze" } },
                    new JObject { ["notebook"] = new JObject { ["path"] = "/Shared/dltdr/sales/silver" } }),
                ["continuous"] = false,
            }, standby);
            Assert.True((bool)DesiredState.Pipeline(_pair, Region.Primary, active: true)["continuous"]!);
            Assert.Equal("/raw/weu", (string?)_pair.Pipeline["configuration"]!["source"]); // the definition itself is untouched
        }

        [Fact]
        public async Task What_the_service_stores_for_the_desired_settings_is_no_difference()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var desired = DesiredState.Pipeline(_pair, Region.Primary, active: false);
            var id = await h.CreatePipelineAsync("primary", desired);
            var stored = (JObject)(await h.GetPipelineAsync("primary", id))["spec"]!;
            Assert.Equal("advanced", (string?)stored["edition"]); // normalised by the service...
            Assert.Empty(SettingsDiff.Pipeline(desired, stored)); // ...and not a difference

            var jobSettings = ApiJson.Write(DesiredState.CatchUpJob(_pair, Region.Primary, id, active: false));
            var jobId = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/create", jobSettings))["job_id"]!;
            var storedJob = (JObject)(await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/get?job_id={jobId}"))["settings"]!;
            Assert.Empty(SettingsDiff.Job(jobSettings, storedJob));
        }

        [Fact]
        public void Real_differences_are_listed_field_by_field()
        {
            var desired = DesiredState.Pipeline(_pair, Region.Primary, active: true);
            var current = (JObject)desired.DeepClone();
            current["continuous"] = false;
            current["configuration"]!["mode"] = "lenient";
            current["edition"] = "advanced";
            current["clusters"] = new JArray(new JObject { ["num_workers"] = 2, ["label"] = "default" });
            current["serverless_budget"] = "kept";
            current["tags"]!["dltdr-promoted-at"] = "2026-11-24T00:00:00Z"; // others' tags are no difference
            var changes = SettingsDiff.Pipeline(desired, current);
            Assert.Equal(new[] { "configuration.mode: \"lenient\" -> \"strict\"", "continuous: false -> true" }, changes.Select(c => c.ToString()));

            var body = SettingsDiff.Apply(desired, current);
            Assert.Equal("kept", (string?)body["serverless_budget"]);
            Assert.Equal("2026-11-24T00:00:00Z", (string?)body["tags"]!["dltdr-promoted-at"]);
            Assert.True((bool)body["continuous"]!);
        }

        [Fact]
        public void Libraries_are_a_set_their_order_is_no_difference_a_missing_one_is()
        {
            var desired = new JObject { ["libraries"] = JArray.Parse(@"[{""notebook"":{""path"":""/a""}},{""jar"":""/j.jar""}]") };
            var reordered = new JObject { ["libraries"] = JArray.Parse(@"[{""jar"":""/j.jar""},{""notebook"":{""path"":""/a""}}]") };
            Assert.Empty(SettingsDiff.Pipeline(desired, reordered));
            var without = new JObject { ["libraries"] = JArray.Parse(@"[{""notebook"":{""path"":""/a""}}]") };
            Assert.Equal(new[] { "libraries" }, SettingsDiff.Pipeline(desired, without).Select(c => c.Field));
            var twice = new JObject { ["libraries"] = JArray.Parse(@"[{""notebook"":{""path"":""/a""}},{""notebook"":{""path"":""/a""}}]") };
            Assert.Single(SettingsDiff.Pipeline(desired, twice));
        }

        [Fact]
        public void A_catch_up_job_differs_when_its_pause_or_pipeline_changes_but_not_for_others_tags()
        {
            var want = ApiJson.Write(DesiredState.CatchUpJob(_pair, Region.Secondary, "p-1", active: false));
            var have = (JObject)want.DeepClone();
            have["tags"]!["owner"] = "someone";
            have["format"] = "MULTI_TASK";
            Assert.Empty(SettingsDiff.Job(want, have));

            have["schedule"]!["pause_status"] = "PAUSED";
            have["tasks"]![0]!["pipeline_task"]!["pipeline_id"] = "p-old";
            Assert.Equal(new[] { "schedule", "tasks" }, SettingsDiff.Job(want, have).Select(c => c.Field));
        }
    }
}
