using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    public class JobsApiTests
    {
        private static async Task<string> TriggeredPipeline(EmulatorHarness h, string name = "sales-dlt", bool continuous = false)
            => await h.CreatePipelineAsync("primary", new JObject
            {
                ["name"] = name,
                ["storage"] = "abfss://dlt@store.dfs.core.windows.net/" + name,
                ["continuous"] = continuous,
                ["libraries"] = new JArray(new JObject { ["notebook"] = new JObject { ["path"] = "/Shared/" + name } }),
            });

        private static JObject CatchUpJob(string pipelineId, string pause = "UNPAUSED", string name = "sales-dlt catch-up") => new JObject
        {
            ["name"] = name,
            ["tags"] = new JObject { ["dltdr-pair"] = "sales" },
            ["max_concurrent_runs"] = 1,
            ["schedule"] = new JObject { ["quartz_cron_expression"] = "0 0 1 * * ?", ["timezone_id"] = "UTC", ["pause_status"] = pause },
            ["tasks"] = new JArray(new JObject { ["task_key"] = "catch_up", ["pipeline_task"] = new JObject { ["pipeline_id"] = pipelineId, ["full_refresh"] = false } }),
        };

        private static async Task<long> CreateJob(EmulatorHarness h, JObject settings, string version = "2.2")
            => (long)(await h.OkAsync(HttpMethod.Post, "primary", $"/api/{version}/jobs/create", settings))["job_id"]!;

        [Theory]
        [InlineData("2.1")]
        [InlineData("2.2")]
        public async Task Create_then_get_answers_the_settings_with_the_service_defaults(string version)
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await TriggeredPipeline(h);
            var settings = CatchUpJob(pid);
            ((JObject)settings["schedule"]!).Remove("pause_status");
            var jobId = await CreateJob(h, settings, version);
            var got = await h.OkAsync(HttpMethod.Get, "primary", $"/api/{version}/jobs/get?job_id={jobId}");
            var expected = CatchUpJob(pid);
            expected["email_notifications"] = new JObject();
            expected["webhook_notifications"] = new JObject();
            expected["timeout_seconds"] = 0;
            expected["format"] = "MULTI_TASK";
            JsonAssert.Equal(new JObject
            {
                ["job_id"] = jobId,
                ["creator_user_name"] = "admin@dltdr.example",
                ["run_as_user_name"] = "admin@dltdr.example",
                ["settings"] = expected,
                ["created_time"] = EmulatorHarness.Origin.ToUnixTimeMilliseconds(),
            }, got);
        }

        [Fact]
        public async Task Jobs_2_2_pages_a_jobs_tasks_at_100_and_2_1_answers_them_all()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var settings = new JObject
            {
                ["name"] = "wide",
                ["tasks"] = new JArray(Enumerable.Range(0, 150).Select(i => new JObject { ["task_key"] = "t" + i, ["notebook_task"] = new JObject { ["notebook_path"] = "/n" } })),
            };
            var jobId = await CreateJob(h, settings);
            var first = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/get?job_id={jobId}");
            Assert.Equal(100, first["settings"]!["tasks"]!.Count());
            Assert.True((bool)first["has_more"]!);
            var second = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/get?job_id={jobId}&page_token={System.Uri.EscapeDataString((string)first["next_page_token"]!)}");
            Assert.Equal(Enumerable.Range(100, 50).Select(i => "t" + i), second["settings"]!["tasks"]!.Select(t => (string?)t["task_key"]));
            Assert.Null(second["has_more"]);
            var all = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.1/jobs/get?job_id={jobId}");
            Assert.Equal(150, all["settings"]!["tasks"]!.Count());
        }

        [Fact]
        public async Task A_missing_job_answers_400_invalid_parameter_not_404()
        {
            await using var h = await EmulatorHarness.StartAsync();
            (await h.GetAsync("primary", "/api/2.2/jobs/get?job_id=42")).AssertError(400, "INVALID_PARAMETER_VALUE", "Job 42 does not exist.");
            (await h.PostAsync("primary", "/api/2.1/jobs/delete", new JObject { ["job_id"] = 42 })).AssertError(400, "INVALID_PARAMETER_VALUE", "Job 42 does not exist.");
            (await h.PostAsync("primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = 42 })).AssertError(400, "INVALID_PARAMETER_VALUE", "Job 42 does not exist.");
        }

        [Theory]
        [InlineData("0 0 1 * *", "UTC", "Invalid quartz_cron_expression: '0 0 1 * *'.")]
        [InlineData("0 0 1 * * ?", "Mars/Olympus", "Invalid timezone_id 'Mars/Olympus'.")]
        public async Task Invalid_schedules_are_refused(string cron, string tz, string message)
        {
            await using var h = await EmulatorHarness.StartAsync();
            var s = CatchUpJob("p");
            s["schedule"] = new JObject { ["quartz_cron_expression"] = cron, ["timezone_id"] = tz };
            (await h.PostAsync("primary", "/api/2.2/jobs/create", s)).AssertError(400, "INVALID_PARAMETER_VALUE", message);
        }

        [Fact]
        public async Task Reset_replaces_and_update_merges_tasks_by_key_and_removes_fields()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var jobId = await CreateJob(h, CatchUpJob("p1"));
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/reset", new JObject { ["job_id"] = jobId, ["new_settings"] = new JObject { ["name"] = "renamed" } });
            var s = (JObject)(await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/get?job_id={jobId}"))["settings"]!;
            Assert.Equal("renamed", (string?)s["name"]);
            Assert.Null(s["schedule"]);
            Assert.Null(s["tasks"]);

            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/reset", new JObject { ["job_id"] = jobId, ["new_settings"] = CatchUpJob("p1") });
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/update", new JObject
            {
                ["job_id"] = jobId,
                ["new_settings"] = new JObject
                {
                    ["schedule"] = new JObject { ["quartz_cron_expression"] = "0 0 1 * * ?", ["timezone_id"] = "UTC", ["pause_status"] = "PAUSED" },
                    ["tasks"] = new JArray(
                        new JObject { ["task_key"] = "catch_up", ["pipeline_task"] = new JObject { ["pipeline_id"] = "p2" } },
                        new JObject { ["task_key"] = "extra", ["notebook_task"] = new JObject { ["notebook_path"] = "/x" } }),
                },
                ["fields_to_remove"] = new JArray("tags"),
            });
            s = (JObject)(await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/get?job_id={jobId}"))["settings"]!;
            Assert.Equal("PAUSED", (string?)s["schedule"]!["pause_status"]);
            Assert.Null(s["tags"]);
            Assert.Equal(new[] { "catch_up", "extra" }, s["tasks"]!.Select(t => (string?)t["task_key"]));
            Assert.Equal("p2", (string?)s["tasks"]![0]!["pipeline_task"]!["pipeline_id"]);

            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.1/jobs/update", new JObject { ["job_id"] = jobId, ["fields_to_remove"] = new JArray("tasks/extra") });
            s = (JObject)(await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.1/jobs/get?job_id={jobId}"))["settings"]!;
            Assert.Equal(new[] { "catch_up" }, s["tasks"]!.Select(t => (string?)t["task_key"]));
        }

        [Fact]
        public async Task List_matches_the_exact_name_ignoring_case_and_pages()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var ids = new System.Collections.Generic.List<long>();
            foreach (var n in new[] { "Sales catch-up", "sales catch-up", "sales catch-up 2", "hr" }) ids.Add(await CreateJob(h, CatchUpJob("p", name: n)));
            var byName = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.2/jobs/list?name=" + System.Uri.EscapeDataString("SALES CATCH-UP"));
            Assert.Equal(new[] { ids[0], ids[1] }, byName["jobs"]!.Select(j => (long)j["job_id"]!));
            Assert.False((bool)byName["has_more"]!);
            Assert.All(byName["jobs"]!, j => Assert.Null(j["settings"]!["tasks"]));

            var expanded = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.2/jobs/list?name=hr&expand_tasks=true");
            Assert.NotNull(expanded["jobs"]![0]!["settings"]!["tasks"]);

            var page1 = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.2/jobs/list?limit=3");
            Assert.True((bool)page1["has_more"]!);
            var page2 = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.2/jobs/list?limit=3&page_token=" + System.Uri.EscapeDataString((string)page1["next_page_token"]!));
            Assert.Equal(ids, page1["jobs"]!.Concat(page2["jobs"]!).Select(j => (long)j["job_id"]!));
            JsonAssert.Equal(new JObject { ["has_more"] = false }, await h.OkAsync(HttpMethod.Get, "primary", "/api/2.2/jobs/list?name=none"));
            (await h.GetAsync("primary", "/api/2.2/jobs/list?limit=101")).AssertError(400, "INVALID_PARAMETER_VALUE", "limit must be between 1 and 100, but got 101.");
        }

        [Fact]
        public async Task Run_now_starts_the_pipeline_update_and_the_run_follows_it_to_success()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await TriggeredPipeline(h);
            var jobId = await CreateJob(h, CatchUpJob(pid, "PAUSED"));
            var started = await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = jobId, ["pipeline_params"] = new JObject { ["full_refresh"] = true } });
            var runId = (long)started["run_id"]!;
            Assert.Equal(1, (int)started["number_in_job"]!);

            var run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={runId}");
            Assert.Equal("PENDING", (string?)run["state"]!["life_cycle_state"]);
            Assert.Equal("PENDING", (string?)run["status"]!["state"]);
            Assert.Equal("ONE_TIME", (string?)run["trigger"]);

            h.Advance(1);
            var p = await h.GetPipelineAsync("primary", pid);
            Assert.Equal("JOB_TASK", (string?)p["cause"]);
            var updateId = (string)p["latest_updates"]![0]!["update_id"]!;
            var update = (await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{pid}/updates/{updateId}"))["update"]!;
            Assert.True((bool)update["full_refresh"]!);
            run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={runId}");
            Assert.Equal("RUNNING", (string?)run["state"]!["life_cycle_state"]);
            Assert.Equal(pid, (string?)run["tasks"]![0]!["pipeline_task"]!["pipeline_id"]);

            h.Advance(20); // the update completes
            run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={runId}");
            Assert.Equal("TERMINATING", (string?)run["state"]!["life_cycle_state"]);
            h.Advance(1);
            run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={runId}");
            JsonAssert.Equal(new JObject
            {
                ["life_cycle_state"] = "TERMINATED",
                ["state_message"] = "",
                ["user_cancelled_or_timedout"] = false,
                ["result_state"] = "SUCCESS",
            }, run["state"]);
            JsonAssert.Equal(new JObject
            {
                ["state"] = "TERMINATED",
                ["termination_details"] = new JObject { ["code"] = "SUCCESS", ["type"] = "SUCCESS", ["message"] = "" },
            }, run["status"]);
            Assert.Equal(22_000, (long)run["run_duration"]!);
            Assert.Equal("SUCCESS", (string?)run["tasks"]![0]!["state"]!["result_state"]);
            Assert.True((bool)run["overriding_parameters"]!["pipeline_params"]!["full_refresh"]!);
        }

        [Fact]
        public async Task The_same_idempotency_token_answers_the_same_run_and_starts_one_update()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await TriggeredPipeline(h);
            var jobId = await CreateJob(h, CatchUpJob(pid, "PAUSED"));
            var body = new JObject { ["job_id"] = jobId, ["idempotency_token"] = "dltdr-catchup-sales-2026-11-24" };
            var first = await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", body);
            h.Advance(5);
            var second = await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", body);
            JsonAssert.Equal(first, second);
            var runs = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={jobId}");
            Assert.Single(runs["runs"]!);
            Assert.Single((JArray)(await h.GetPipelineAsync("primary", pid))["latest_updates"]!);

            body["idempotency_token"] = new string('x', 65);
            (await h.PostAsync("primary", "/api/2.2/jobs/run-now", body)).AssertError(400, "INVALID_PARAMETER_VALUE", "idempotency_token must be at most 64 characters, but it has 65.");
        }

        [Fact]
        public async Task Cancelling_a_run_stops_its_update_and_the_run_ends_cancelled()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await TriggeredPipeline(h);
            var jobId = await CreateJob(h, CatchUpJob(pid, "PAUSED"));
            var runId = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.1/jobs/run-now", new JObject { ["job_id"] = jobId }))["run_id"]!;
            h.Advance(6);
            JsonAssert.Equal(new JObject(), await h.OkAsync(HttpMethod.Post, "primary", "/api/2.1/jobs/runs/cancel", new JObject { ["run_id"] = runId }));
            h.Advance(5);
            var run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.1/jobs/runs/get?run_id={runId}");
            Assert.Equal("CANCELED", (string?)run["state"]!["result_state"]);
            Assert.True((bool)run["state"]!["user_cancelled_or_timedout"]!);
            Assert.Equal("USER_CANCELED", (string?)run["status"]!["termination_details"]!["code"]);
            Assert.Equal("CANCELED", (string?)(await h.GetPipelineAsync("primary", pid))["latest_updates"]![0]!["state"]);
            (await h.GetAsync("primary", "/api/2.2/jobs/runs/get?run_id=1")).AssertError(400, "INVALID_PARAMETER_VALUE", "Run 1 does not exist.");
        }

        [Fact]
        public async Task A_run_fails_when_its_update_fails_or_cannot_start()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await TriggeredPipeline(h);
            var jobId = await CreateJob(h, CatchUpJob(pid, "PAUSED"));
            h["primary"].Read(w => w.Pipelines.Find(pid).FailNextUpdates = 1);
            var runId = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = jobId }))["run_id"]!;
            h.Advance(60);
            var run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={runId}");
            Assert.Equal("FAILED", (string?)run["state"]!["result_state"]);
            Assert.Equal("RUN_EXECUTION_ERROR", (string?)run["status"]!["termination_details"]!["code"]);
            Assert.StartsWith("Task catch_up failed with message: Update failed:", (string?)run["state"]!["state_message"]);

            var cont = await TriggeredPipeline(h, "always-on", continuous: true);
            var contJob = await CreateJob(h, CatchUpJob(cont, "PAUSED", "always-on catch-up"));
            var r2 = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = contJob }))["run_id"]!;
            h.Advance(5);
            run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={r2}");
            Assert.Equal("FAILED", (string?)run["state"]!["result_state"]);
            Assert.Contains("is still active", (string?)run["state"]!["state_message"]);
            h.Advance(10);
            var contState = await h.GetPipelineAsync("primary", cont);
            Assert.Equal("RUNNING", (string?)contState["state"]); // the continuous update was not disturbed
            Assert.Single((JArray)contState["latest_updates"]!);
        }

        [Fact]
        public async Task A_run_beyond_max_concurrent_runs_is_skipped()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await TriggeredPipeline(h);
            var jobId = await CreateJob(h, CatchUpJob(pid, "PAUSED"));
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = jobId });
            var second = (long)(await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/run-now", new JObject { ["job_id"] = jobId }))["run_id"]!;
            var run = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/get?run_id={second}");
            Assert.Equal("SKIPPED", (string?)run["state"]!["life_cycle_state"]);
            Assert.Equal("Skipping this run because the limit of 1 maximum concurrent runs has been reached.", (string?)run["state"]!["state_message"]);
            Assert.Equal("MAX_CONCURRENT_RUNS_EXCEEDED", (string?)run["status"]!["termination_details"]!["code"]);

            var active = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={jobId}&active_only=true");
            Assert.Single(active["runs"]!);
            var completed = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={jobId}&completed_only=true");
            Assert.Equal(second, (long)Assert.Single(completed["runs"]!)["run_id"]!);
            (await h.GetAsync("primary", $"/api/2.2/jobs/runs/list?job_id={jobId}&active_only=true&completed_only=true"))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "active_only and completed_only cannot both be true.");
        }

        [Fact]
        public async Task An_unpaused_schedule_fires_on_the_virtual_clock_and_a_paused_one_never_does()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var standby = await TriggeredPipeline(h, "standby");
            var active = await TriggeredPipeline(h, "active");
            var unpausedJob = await CreateJob(h, CatchUpJob(standby, "UNPAUSED", "standby catch-up"));
            var pausedJob = await CreateJob(h, CatchUpJob(active, "PAUSED", "active catch-up"));

            h.Advance(3 * 86_400); // three nights
            var runs = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={unpausedJob}");
            var starts = runs["runs"]!.Select(r => System.DateTimeOffset.FromUnixTimeMilliseconds((long)r["start_time"]!)).ToList();
            Assert.Equal(new[] { 3, 2, 1 }.Select(d => EmulatorHarness.Origin.AddDays(d - 1).AddHours(1)), starts);
            Assert.All(runs["runs"]!, r =>
            {
                Assert.Equal("PERIODIC", (string?)r["trigger"]);
                Assert.Equal("SUCCESS", (string?)r["state"]!["result_state"]);
            });
            Assert.Equal(3, (await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{standby}/updates"))["updates"]!.Count(u => (string?)u["cause"] == "JOB_TASK"));
            JsonAssert.Equal(new JObject { ["has_more"] = false }, await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={pausedJob}"));

            // Pausing stops the firings.
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/update", new JObject
            {
                ["job_id"] = unpausedJob,
                ["new_settings"] = new JObject { ["schedule"] = new JObject { ["quartz_cron_expression"] = "0 0 1 * * ?", ["timezone_id"] = "UTC", ["pause_status"] = "PAUSED" } },
            });
            h.Advance(2 * 86_400);
            Assert.Equal(3, (await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={unpausedJob}"))["runs"]!.Count());
        }

        [Fact]
        public async Task A_schedule_follows_its_time_zone()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var pid = await TriggeredPipeline(h);
            var s = CatchUpJob(pid);
            s["schedule"]!["timezone_id"] = "America/New_York"; // 01:00 EST is 06:00 UTC in November
            var jobId = await CreateJob(h, s);
            h.Advance(86_400);
            var run = Assert.Single((await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.2/jobs/runs/list?job_id={jobId}"))["runs"]!);
            Assert.Equal(EmulatorHarness.Origin.AddHours(6), System.DateTimeOffset.FromUnixTimeMilliseconds((long)run["start_time"]!));
        }
    }
}
