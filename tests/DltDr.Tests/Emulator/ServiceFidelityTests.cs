using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    /// <summary>
    /// Where the emulator follows the Databricks REST reference in what readiness tests, history
    /// and paging clients depend on: validate_only updates, list order, event paging, job triggers
    /// and Jobs 2.2 paging.
    /// </summary>
    public sealed class ServiceFidelityTests
    {
        private static JObject Pipeline(string name, bool continuous = false) => new JObject
        {
            ["name"] = name,
            ["storage"] = "abfss://dlt@store.dfs.core.windows.net/" + name,
            ["target"] = name,
            ["continuous"] = continuous,
            ["libraries"] = new JArray(new JObject { ["notebook"] = new JObject { ["path"] = "/Shared/dltdr/" + name } }),
        };

        private static JObject Task(string key, string pipelineId) => new JObject { ["task_key"] = key, ["pipeline_task"] = new JObject { ["pipeline_id"] = pipelineId } };

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_validate_only_update_ends_completed_by_itself_and_never_runs_the_pipeline(bool continuous)
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Pipeline("sales"));
            if (continuous)
            {
                // A continuous pipeline whose running update was stopped: idle, still continuous.
                var spec = (JObject)(await h.GetPipelineAsync("primary", id))["spec"]!;
                spec["continuous"] = true;
                await h.OkAsync(HttpMethod.Put, "primary", "/api/2.0/pipelines/" + id, spec);
                await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/stop", new JObject());
                h.Advance(60);
            }
            var start = await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject { ["validate_only"] = true });
            var updateId = (string)start["update_id"]!;
            h.Advance(60);
            var update = (await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/updates/{updateId}"))["update"]!;
            Assert.Equal("COMPLETED", (string?)update["state"]);
            Assert.True((bool)update["validate_only"]!);
            var states = (await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?max_results=100"))["events"]!
                .Where(e => (string?)e["event_type"] == "update_progress" && (string?)e["origin"]!["update_id"] == updateId).Select(e => (string?)e["details"]!["update_progress"]!["state"]).ToList();
            Assert.DoesNotContain("RUNNING", states);
            Assert.Equal("COMPLETED", states.First());
            var pipeline = await h.GetPipelineAsync("primary", id);
            Assert.Equal("IDLE", (string?)pipeline["state"]);
            Assert.Equal(continuous, (bool?)pipeline["spec"]!["continuous"] ?? false);
        }

        [Fact]
        public async Task Pipelines_list_in_id_order_by_default_and_as_order_by_says()
        {
            await using var h = await EmulatorHarness.StartAsync();
            foreach (var name in new[] { "c-dlt", "a-dlt", "b-dlt" }) await h.CreatePipelineAsync("primary", Pipeline(name));
            async Task<string[]> Names(string query) => (await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines" + query))["statuses"]!.Select(s => (string)s["pipeline_id"]! + "|" + (string)s["name"]!).ToArray();
            var byId = await Names(string.Empty);
            Assert.Equal(byId.OrderBy(s => s, StringComparer.Ordinal), byId);
            Assert.Equal(byId.Reverse(), await Names("?order_by=" + Uri.EscapeDataString("id desc")));
            Assert.Equal(new[] { "c-dlt", "b-dlt", "a-dlt" }, (await Names("?order_by=" + Uri.EscapeDataString("name desc"))).Select(s => s.Split('|')[1]));
            (await h.GetAsync("primary", "/api/2.0/pipelines?order_by=state")).AssertError(400, "INVALID_PARAMETER_VALUE", "Invalid order_by 'state': give one of 'id asc', 'id desc', 'name asc', 'name desc'.");
        }

        [Fact]
        public async Task Event_pages_keep_their_filter_and_order_and_a_token_with_a_filter_is_refused()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Pipeline("sales"));
            for (var i = 0; i < 3; i++)
            {
                await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject());
                h.Advance(60);
            }
            var filter = Uri.EscapeDataString("level='INFO'");
            var first = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?max_results=4&order_by={Uri.EscapeDataString("timestamp asc")}&filter={filter}");
            var token = (string)first["next_page_token"]!;
            var second = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?max_results=4&page_token={Uri.EscapeDataString(token)}");
            var all = first["events"]!.Concat(second["events"]!).ToList();
            Assert.Equal(8, all.Count);
            Assert.All(all, e => Assert.Equal("INFO", (string?)e["level"]));
            var times = all.Select(e => DateTimeOffset.Parse((string)e["timestamp"]!)).ToList();
            Assert.Equal(times.OrderBy(t => t), times);

            (await h.GetAsync("primary", $"/api/2.0/pipelines/{id}/events?page_token={Uri.EscapeDataString(token)}&filter={filter}"))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "page_token cannot be used together with filter or order_by: the token carries those of the first page.");
        }

        [Fact]
        public async Task Event_timestamps_compare_at_millisecond_precision()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h.Advance(0.0004); // 0.4 ms past the origin: written as ...00.000Z
            var id = await h.CreatePipelineAsync("primary", Pipeline("sales"));
            var created = (await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events"))["events"]!.Single();
            var written = (string)created["timestamp"]!;
            Assert.Equal("2026-11-24T00:00:00.000Z", written);
            async Task<int> Count(string op) => ((await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?filter=" + Uri.EscapeDataString($"timestamp {op} '{written}'")))["events"] as JArray)?.Count ?? 0;
            Assert.Equal(0, await Count(">"));
            Assert.Equal(1, await Count("="));
            Assert.Equal(1, await Count("<="));
        }

        [Fact]
        public async Task A_job_with_both_a_schedule_and_continuous_is_refused()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await h.CreatePipelineAsync("primary", Pipeline("sales"));
            var both = new JObject
            {
                ["name"] = "two triggers",
                ["schedule"] = new JObject { ["quartz_cron_expression"] = "0 0 1 * * ?", ["timezone_id"] = "UTC" },
                ["continuous"] = new JObject { ["pause_status"] = "PAUSED" },
                ["tasks"] = new JArray(Task("t", pid)),
            };
            (await h.PostAsync("primary", "/api/2.2/jobs/create", both)).AssertError(400, "INVALID_PARAMETER_VALUE", "A job can have only one of schedule, continuous and trigger, but schedule and continuous were given.");
            both.Remove("continuous");
            var job = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/create", both))["job_id"]!;
            (await h.PostAsync("primary", "/api/2.2/jobs/update", new JObject { ["job_id"] = job, ["new_settings"] = new JObject { ["continuous"] = new JObject { ["pause_status"] = "PAUSED" } } }))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "A job can have only one of schedule, continuous and trigger, but schedule and continuous were given.");
        }

        [Fact]
        public async Task Jobs_2_2_pages_every_array_of_a_job_and_the_tasks_of_a_run_at_100()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pipelines = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 101).Select(i => h.CreatePipelineAsync("primary", Pipeline("p" + i))));
            var settings = new JObject
            {
                ["name"] = "wide",
                ["tasks"] = new JArray(pipelines.Select((p, i) => Task("t" + i, p))),
                ["job_clusters"] = new JArray(Enumerable.Range(0, 101).Select(i => new JObject { ["job_cluster_key"] = "c" + i, ["new_cluster"] = new JObject { ["num_workers"] = 1 } })),
                ["parameters"] = new JArray(Enumerable.Range(0, 101).Select(i => new JObject { ["name"] = "p" + i, ["default"] = "v" })),
            };
            var job = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/create", settings))["job_id"]!;

            var page1 = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/get?job_id={job}");
            Assert.True((bool)page1["has_more"]!);
            foreach (var array in new[] { "tasks", "job_clusters", "parameters" }) Assert.Equal(100, ((JArray)page1["settings"]![array]!).Count);
            var page2 = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/get?job_id={job}&page_token={Uri.EscapeDataString((string)page1["next_page_token"]!)}");
            foreach (var array in new[] { "tasks", "job_clusters", "parameters" }) Assert.Single((JArray)page2["settings"]![array]!);
            Assert.Null(page2["has_more"]);
            var v21 = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.1/jobs/get?job_id={job}");
            Assert.Equal(101, ((JArray)v21["settings"]!["tasks"]!).Count);

            var run = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = job }))["run_id"]!;
            var runPage1 = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={run}");
            Assert.Equal(100, ((JArray)runPage1["tasks"]!).Count);
            var runPage2 = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={run}&page_token={Uri.EscapeDataString((string)runPage1["next_page_token"]!)}");
            Assert.Single((JArray)runPage2["tasks"]!);
            Assert.Equal(101, ((JArray)(await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.1/jobs/runs/get?run_id={run}"))["tasks"]!).Count);
        }

        [Fact]
        public async Task Runs_list_with_limit_0_gives_a_full_page()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await h.CreatePipelineAsync("primary", Pipeline("sales"));
            var job = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/create", new JObject { ["name"] = "j", ["max_concurrent_runs"] = 0, ["tasks"] = new JArray(Task("t", pid)) }))["job_id"]!;
            for (var i = 0; i < 30; i++) await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = job });
            var page = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={job}&limit=0");
            Assert.Equal(25, ((JArray)page["runs"]!).Count);
            Assert.True((bool)page["has_more"]!);
            (await h.GetAsync("primary", $"/api/2.2/jobs/runs/list?job_id={job}&limit=26")).AssertError(400, "INVALID_PARAMETER_VALUE", "limit must be between 0 and 25, but got 26.");
        }
    }
}
