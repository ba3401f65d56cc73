using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    public class PipelinesApiTests
    {
        private static JObject Settings(string name = "sales-dlt", bool continuous = false) => new JObject
        {
            ["name"] = name,
            ["storage"] = "abfss://dlt@primarystore.dfs.core.windows.net/sales",
            ["target"] = "sales",
            ["edition"] = "ADVANCED",
            ["continuous"] = continuous,
            ["libraries"] = new JArray(new JObject { ["notebook"] = new JObject { ["path"] = "/Shared/dltdr/sales/bronze" } }),
            ["clusters"] = new JArray(new JObject { ["num_workers"] = 1 }),
        };

        [Fact]
        public async Task Create_then_get_answers_the_stored_settings_as_the_service_normalises_them()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var body = Settings();
            body["allow_duplicate_names"] = false;
            body["root_path"] = "/Shared/dltdr/sales";
            body["a_field_added_later"] = new JObject { ["x"] = 1 };
            var id = await h.CreatePipelineAsync("primary", body);

            var got = await h.GetPipelineAsync("primary", id);
            var expectedSpec = new JObject
            {
                ["name"] = "sales-dlt",
                ["storage"] = "abfss://dlt@primarystore.dfs.core.windows.net/sales",
                ["target"] = "sales",
                ["edition"] = "advanced",
                ["continuous"] = false,
                ["libraries"] = new JArray(new JObject { ["notebook"] = new JObject { ["path"] = "/Shared/dltdr/sales/bronze" } }),
                ["clusters"] = new JArray(new JObject { ["num_workers"] = 1, ["label"] = "default" }),
                ["root_path"] = "/Shared/dltdr/sales",
                ["a_field_added_later"] = new JObject { ["x"] = 1 },
                ["channel"] = "CURRENT",
                ["id"] = id,
            };
            JsonAssert.Equal(new JObject
            {
                ["pipeline_id"] = id,
                ["spec"] = expectedSpec,
                ["state"] = "IDLE",
                ["name"] = "sales-dlt",
                ["health"] = "HEALTHY",
                ["creator_user_name"] = "admin@dltdr.example",
                ["last_modified"] = EmulatorHarness.Origin.ToUnixTimeMilliseconds(),
                ["run_as_user_name"] = "admin@dltdr.example",
                ["run_as"] = new JObject { ["user_name"] = "admin@dltdr.example" },
            }, got);
        }

        [Fact]
        public async Task Dry_run_answers_effective_settings_and_creates_nothing()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var body = Settings();
            body["dry_run"] = true;
            var answer = await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/pipelines", body);
            Assert.Null(answer["pipeline_id"]);
            Assert.Equal("advanced", (string?)answer["effective_settings"]!["edition"]);
            Assert.Equal("sales-dlt", (string?)answer["effective_settings"]!["name"]);
            JsonAssert.Equal(new JObject(), await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines"));
        }

        [Fact]
        public async Task Duplicate_names_are_refused_unless_allowed()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var first = await h.CreatePipelineAsync("primary", Settings());
            var again = await h.PostAsync("primary", "/api/2.0/pipelines", Settings());
            again.AssertError(409, "RESOURCE_CONFLICT", $"Pipeline name 'sales-dlt' is already used by another pipeline ({first}). Set allow_duplicate_names to true to allow it.");

            var allowed = Settings();
            allowed["allow_duplicate_names"] = true;
            var second = await h.CreatePipelineAsync("primary", allowed);
            var spec = (await h.GetPipelineAsync("primary", second))["spec"]!;
            Assert.Null(spec["allow_duplicate_names"]); // write-only: never read back
        }

        [Theory]
        [InlineData("name", null, "Pipeline name must be specified.")]
        [InlineData("edition", "GOLD", "Invalid edition 'GOLD'. Allowed values: CORE, PRO, ADVANCED.")]
        [InlineData("channel", "BETA", "Invalid channel 'BETA'. Allowed values: CURRENT, PREVIEW.")]
        [InlineData("catalog", "main", "'storage' cannot be set for a pipeline that publishes to Unity Catalog ('catalog' is set).")]
        [InlineData("schema", "sales2", "Only one of 'target' and 'schema' can be set.")]
        public async Task Invalid_settings_are_refused_with_the_service_error(string field, string? value, string message)
        {
            await using var h = await EmulatorHarness.StartAsync();
            var body = Settings();
            if (value == null) body.Remove(field); else body[field] = value;
            (await h.PostAsync("primary", "/api/2.0/pipelines", body)).AssertError(400, "INVALID_PARAMETER_VALUE", message);
        }

        [Fact]
        public async Task More_than_25_tags_and_malformed_json_are_refused()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var body = Settings();
            body["tags"] = new JObject(Enumerable.Range(0, 26).Select(i => new JProperty("t" + i, "v")));
            (await h.PostAsync("primary", "/api/2.0/pipelines", body)).AssertError(400, "INVALID_PARAMETER_VALUE", "At most 25 tags are allowed, but 26 were given.");
            (await h.PostAsync("primary", "/api/2.0/pipelines", "{\"name\": ")).AssertError(400, "MALFORMED_REQUEST", "Invalid JSON given in the body of the request - failed to parse given JSON");
        }

        [Fact]
        public async Task Missing_pipeline_and_unknown_endpoint_answer_404()
        {
            await using var h = await EmulatorHarness.StartAsync();
            (await h.GetAsync("primary", "/api/2.0/pipelines/nope")).AssertError(404, "RESOURCE_DOES_NOT_EXIST", "The specified pipeline nope was not found.");
            (await h.GetAsync("primary", "/api/2.0/pipelinez")).AssertError(404, "ENDPOINT_NOT_FOUND", "No API found for 'GET /api/2.0/pipelinez'");
            (await h.SendAsync(HttpMethod.Patch, "primary", "/api/2.0/pipelines/x", new JObject())).AssertError(404, "ENDPOINT_NOT_FOUND", "No API found for 'PATCH /api/2.0/pipelines/x'");
        }

        [Fact]
        public async Task A_triggered_update_moves_through_its_states_on_the_clock_and_completes()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            var start = await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject { ["full_refresh"] = true });
            var updateId = (string)start["update_id"]!;

            async Task Expect(string pipelineState, string updateState)
            {
                var p = await h.GetPipelineAsync("primary", id);
                Assert.Equal(pipelineState, (string?)p["state"]);
                Assert.Equal(updateState, (string?)p["latest_updates"]![0]!["state"]);
                var u = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/updates/{updateId}");
                Assert.Equal(updateState, (string?)u["update"]!["state"]);
            }

            await Expect("DEPLOYING", "QUEUED");
            h.Advance(1);
            await Expect("STARTING", "WAITING_FOR_RESOURCES");
            h.Advance(4);
            await Expect("STARTING", "INITIALIZING");
            h.Advance(3);
            await Expect("STARTING", "SETTING_UP_TABLES");
            h.Advance(2);
            await Expect("RUNNING", "RUNNING");
            Assert.NotNull((await h.GetPipelineAsync("primary", id))["cluster_id"]);
            h.Advance(10);
            await Expect("IDLE", "COMPLETED");

            var p = await h.GetPipelineAsync("primary", id);
            Assert.Null(p["cluster_id"]);
            Assert.Equal("API_CALL", (string?)p["cause"]);
            JsonAssert.Equal(new JArray(new JObject
            {
                ["update_id"] = updateId,
                ["state"] = "COMPLETED",
                ["creation_time"] = "2026-11-24T00:00:00.000Z", // a string here
            }), p["latest_updates"]);

            var update = (await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/updates/{updateId}"))["update"]!;
            Assert.Equal(JTokenType.Integer, update["creation_time"]!.Type); // and epoch milliseconds there
            Assert.Equal(EmulatorHarness.Origin.ToUnixTimeMilliseconds(), (long)update["creation_time"]!);
            Assert.True((bool)update["full_refresh"]!);
            Assert.Equal("API_CALL", (string?)update["cause"]);
            Assert.Equal(id, (string?)update["config"]!["id"]);
        }

        [Fact]
        public async Task Start_while_an_update_is_active_is_refused_and_the_active_one_keeps_running()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            var first = (string)(await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject()))["update_id"]!;
            h.Advance(10);
            var refused = await h.PostAsync("primary", $"/api/2.0/pipelines/{id}/updates", new JObject());
            refused.AssertError(409, "RESOURCE_CONFLICT", $"Cannot start a new update of pipeline {id}: the update {first} is still active (RUNNING).");
            var p = await h.GetPipelineAsync("primary", id);
            Assert.Equal("RUNNING", (string?)p["state"]);
            Assert.Single((JArray)p["latest_updates"]!);
        }

        [Fact]
        public async Task Stop_cancels_the_active_update_and_does_nothing_when_none_is_active()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            JsonAssert.Equal(new JObject(), await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/stop", new JObject()));
            Assert.Null((await h.GetPipelineAsync("primary", id))["latest_updates"]);

            await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject());
            h.Advance(10);
            await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/stop", new JObject());
            Assert.Equal("STOPPING", (string?)(await h.GetPipelineAsync("primary", id))["state"]);
            h.Advance(2);
            var p = await h.GetPipelineAsync("primary", id);
            Assert.Equal("IDLE", (string?)p["state"]);
            Assert.Equal("CANCELED", (string?)p["latest_updates"]![0]!["state"]);
        }

        [Fact]
        public async Task Creating_a_continuous_pipeline_starts_it_and_it_keeps_running()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings(continuous: true));
            var p = await h.GetPipelineAsync("primary", id);
            Assert.Equal("USER_ACTION", (string?)p["cause"]);
            h.Advance(10);
            Assert.Equal("RUNNING", (string?)(await h.GetPipelineAsync("primary", id))["state"]);
            h.Advance(86_400);
            p = await h.GetPipelineAsync("primary", id);
            Assert.Equal("RUNNING", (string?)p["state"]);
            Assert.Single((JArray)p["latest_updates"]!);
        }

        [Fact]
        public async Task Editing_a_running_continuous_pipeline_restarts_it_even_when_nothing_changed()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings(continuous: true));
            h.Advance(10);
            var before = await h.GetPipelineAsync("primary", id);
            var firstUpdate = (string?)before["latest_updates"]![0]!["update_id"];

            var same = (JObject)before["spec"]!.DeepClone();
            JsonAssert.Equal(new JObject(), await h.OkAsync(HttpMethod.Put, "primary", "/api/2.0/pipelines/" + id, same));
            var after = await h.GetPipelineAsync("primary", id);
            var updates = (JArray)after["latest_updates"]!;
            Assert.Equal(2, updates.Count);
            Assert.Equal("QUEUED", (string?)updates[0]!["state"]);
            Assert.Equal(firstUpdate, (string?)updates[1]!["update_id"]);
            Assert.Equal("CANCELED", (string?)updates[1]!["state"]);
            Assert.True((long)after["last_modified"]! > (long)before["last_modified"]!);
        }

        [Fact]
        public async Task Turning_continuous_off_does_not_stop_the_running_update()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings(continuous: true));
            h.Advance(10);
            var spec = (JObject)(await h.GetPipelineAsync("primary", id))["spec"]!;
            spec["continuous"] = false;
            await h.OkAsync(HttpMethod.Put, "primary", "/api/2.0/pipelines/" + id, spec);
            h.Advance(3600);
            var p = await h.GetPipelineAsync("primary", id);
            Assert.Equal("RUNNING", (string?)p["state"]);
            Assert.False((bool)p["spec"]!["continuous"]!);

            await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/stop", new JObject());
            h.Advance(2);
            Assert.Equal("IDLE", (string?)(await h.GetPipelineAsync("primary", id))["state"]);
        }

        [Fact]
        public async Task Edit_with_a_stale_expected_last_modified_is_a_conflict()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            var read = await h.GetPipelineAsync("primary", id);
            var lastModified = (long)read["last_modified"]!;
            var spec = (JObject)read["spec"]!;
            spec["expected_last_modified"] = lastModified;
            spec["development"] = true;
            h.Advance(1);
            await h.OkAsync(HttpMethod.Put, "primary", "/api/2.0/pipelines/" + id, spec);
            var now = (long)(await h.GetPipelineAsync("primary", id))["last_modified"]!;

            spec["development"] = false; // a second writer still holding the first read
            (await h.SendAsync(HttpMethod.Put, "primary", "/api/2.0/pipelines/" + id, spec))
                .AssertError(409, "RESOURCE_CONFLICT", $"The pipeline {id} was modified since it was read: expected_last_modified is {lastModified}, the pipeline was last modified at {now}.");
            Assert.True((bool)(await h.GetPipelineAsync("primary", id))["spec"]!["development"]!);
        }

        [Fact]
        public async Task A_full_edit_keeps_unknown_fields_sent_and_refuses_a_storage_change()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            var spec = (JObject)(await h.GetPipelineAsync("primary", id))["spec"]!;
            spec["serverless"] = true;
            spec["run_as"] = new JObject { ["service_principal_name"] = "8f7e-sp" };
            spec["future_setting"] = new JArray(1, 2);
            await h.OkAsync(HttpMethod.Put, "primary", "/api/2.0/pipelines/" + id, spec);
            var stored = (JObject)(await h.GetPipelineAsync("primary", id))["spec"]!;
            JsonAssert.Equal(spec, stored);

            spec["storage"] = "abfss://elsewhere@x.dfs.core.windows.net/y";
            (await h.SendAsync(HttpMethod.Put, "primary", "/api/2.0/pipelines/" + id, spec)).AssertError(400, "INVALID_PARAMETER_VALUE",
                "The storage location of a pipeline cannot be changed (from 'abfss://dlt@primarystore.dfs.core.windows.net/sales' to 'abfss://elsewhere@x.dfs.core.windows.net/y').");
        }

        [Fact]
        public async Task Delete_honours_cascade_and_the_pipeline_is_gone()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var a = await h.CreatePipelineAsync("primary", Settings("a"));
            var b = await h.CreatePipelineAsync("primary", Settings("b"));
            JsonAssert.Equal(new JObject(), await h.OkAsync(HttpMethod.Delete, "primary", "/api/2.0/pipelines/" + a));
            await h.OkAsync(HttpMethod.Delete, "primary", $"/api/2.0/pipelines/{b}?cascade=false");
            (await h.GetAsync("primary", "/api/2.0/pipelines/" + a)).AssertError(404, "RESOURCE_DOES_NOT_EXIST", $"The specified pipeline {a} was not found.");
            var deletions = h["primary"].Read(w => w.Pipelines.Deletions.ToList());
            Assert.Equal(new[] { (a, true), (b, false) }, deletions.Select(d => (d.PipelineId, d.Cascade)));
        }

        [Fact]
        public async Task List_filters_by_name_or_notebook_pages_and_has_no_spec()
        {
            await using var h = await EmulatorHarness.StartAsync();
            foreach (var n in new[] { "sales-a", "sales-b", "sales-c", "hr-a", "hr-b" }) await h.CreatePipelineAsync("primary", Settings(n));
            var other = Settings("finance");
            other["libraries"] = new JArray(new JObject { ["notebook"] = new JObject { ["path"] = "/Shared/finance" } });
            await h.CreatePipelineAsync("primary", other);

            var sales = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines?filter=" + System.Uri.EscapeDataString("name LIKE 'sales%'"));
            // In id order, the service's default (see ServiceFidelityTests for order_by).
            Assert.Equal(new[] { "sales-a", "sales-b", "sales-c" }, sales["statuses"]!.Select(s => (string?)s["name"]).OrderBy(n => n));
            Assert.Equal(sales["statuses"]!.Select(s => (string)s["pipeline_id"]!).OrderBy(i => i, System.StringComparer.Ordinal), sales["statuses"]!.Select(s => (string)s["pipeline_id"]!));
            Assert.All(sales["statuses"]!, s => Assert.Null(s["spec"]));

            var byNotebook = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines?filter=" + System.Uri.EscapeDataString("notebook='/Shared/finance'"));
            Assert.Equal(new[] { "finance" }, byNotebook["statuses"]!.Select(s => (string?)s["name"]));

            var page1 = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines?max_results=4");
            Assert.Equal(4, page1["statuses"]!.Count());
            var page2 = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines?max_results=4&page_token=" + System.Uri.EscapeDataString((string)page1["next_page_token"]!));
            Assert.Equal(2, page2["statuses"]!.Count());
            Assert.Null(page2["next_page_token"]);
            Assert.Equal(6, page1["statuses"]!.Concat(page2["statuses"]!).Select(s => (string?)s["pipeline_id"]).Distinct().Count());

            (await h.GetAsync("primary", "/api/2.0/pipelines?max_results=101")).AssertError(400, "INVALID_PARAMETER_VALUE", "max_results must be between 1 and 100, but got 101.");
            (await h.GetAsync("primary", "/api/2.0/pipelines?filter=" + System.Uri.EscapeDataString("name LIKE 'a%' AND notebook='/x'")))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "Invalid filter 'name LIKE 'a%' AND notebook='/x'': only one condition is supported.");
        }

        [Fact]
        public async Task List_updates_is_newest_first_and_pages_both_ways()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            var ids = new System.Collections.Generic.List<string>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add((string)(await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject()))["update_id"]!);
                h.Advance(30);
            }
            var page1 = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/updates?max_results=2");
            Assert.Equal(new[] { ids[2], ids[1] }, page1["updates"]!.Select(u => (string?)u["update_id"]));
            Assert.Null(page1["prev_page_token"]);
            var page2 = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/updates?max_results=2&page_token={System.Uri.EscapeDataString((string)page1["next_page_token"]!)}");
            Assert.Equal(new[] { ids[0] }, page2["updates"]!.Select(u => (string?)u["update_id"]));
            Assert.NotNull(page2["prev_page_token"]);
            Assert.All(page1["updates"]!.Concat(page2["updates"]!), u => Assert.Equal("COMPLETED", (string?)u["state"]));
        }

        [Fact]
        public async Task A_failing_update_leaves_a_triggered_pipeline_idle_but_unhealthy_with_an_error_event()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            h["primary"].Read(w => w.Pipelines.Find(id).FailNextUpdates = 1);
            var updateId = (string)(await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject()))["update_id"]!;
            h.Advance(60);
            var p = await h.GetPipelineAsync("primary", id);
            Assert.Equal("IDLE", (string?)p["state"]);
            Assert.Equal("UNHEALTHY", (string?)p["health"]);
            Assert.Equal("FAILED", (string?)p["latest_updates"]![0]!["state"]);

            var errors = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?filter=" + System.Uri.EscapeDataString("level='ERROR'"));
            var e = Assert.Single(errors["events"]!);
            Assert.Equal("update_progress", (string?)e["event_type"]);
            Assert.Equal(updateId, (string?)e["origin"]!["update_id"]);
            Assert.Equal(id, (string?)e["origin"]!["pipeline_id"]);
            Assert.Equal($"Update {updateId.Substring(0, 8)} is FAILED.", (string?)e["message"]);
            Assert.True((bool)e["error"]!["fatal"]!);

            // The next update is fine again.
            await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject());
            h.Advance(60);
            p = await h.GetPipelineAsync("primary", id);
            Assert.Equal("HEALTHY", (string?)p["health"]);
            Assert.Equal("COMPLETED", (string?)p["latest_updates"]![0]!["state"]);
        }

        [Fact]
        public async Task Events_are_newest_first_by_default_and_can_be_ordered_and_filtered()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject());
            h.Advance(30);
            var newest = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?max_results=100");
            var messages = newest["events"]!.Select(e => (string?)e["message"]).ToList();
            Assert.StartsWith("User admin@dltdr.example created pipeline 'sales-dlt'.", messages.Last());
            Assert.EndsWith("is COMPLETED.", messages.First());
            var times = newest["events"]!.Select(e => System.DateTimeOffset.Parse((string)e["timestamp"]!)).ToList();
            Assert.Equal(times.OrderByDescending(t => t), times);

            var oldest = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?max_results=100&order_by=" + System.Uri.EscapeDataString("timestamp asc"));
            Assert.Equal(messages.AsEnumerable().Reverse(), oldest["events"]!.Select(e => (string?)e["message"]));

            var ce = Assert.Single(newest["events"]!, e => (string?)e["event_type"] == "create_update");
            Assert.Equal("API_CALL", (string?)ce["details"]!["create_update"]!["cause"]);

            var later = await h.OkAsync(HttpMethod.Get, "primary", $"/api/2.0/pipelines/{id}/events?filter=" + System.Uri.EscapeDataString("timestamp >= '2026-11-24T00:00:10Z'"));
            Assert.Equal(new[] { "COMPLETED", "RUNNING" }, later["events"]!.Where(e => (string?)e["event_type"] == "update_progress")
                .Select(e => (string?)e["details"]!["update_progress"]!["state"]));
        }

        [Theory]
        [InlineData("event_type='update_progress'", "event_type")]
        [InlineData("level='INFO' AND origin.update_id='u1'", "origin.update_id")]
        [InlineData("message LIKE '%failed%'", "message")]
        public async Task An_events_filter_on_a_field_the_service_does_not_document_is_a_bad_parameter(string filter, string field)
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", Settings());
            (await h.GetAsync("primary", $"/api/2.0/pipelines/{id}/events?filter=" + System.Uri.EscapeDataString(filter)))
                .AssertError(400, "INVALID_PARAMETER_VALUE", $"Invalid filter field '{field}': the events filter takes level, id and timestamp.");
        }
    }
}
