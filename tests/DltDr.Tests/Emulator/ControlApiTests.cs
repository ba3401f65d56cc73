using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    /// <summary>The control API, over HTTP, as scripts and drills use it.</summary>
    public class ControlApiTests
    {
        private static async Task<ApiAnswer> Control(EmulatorHarness h, HttpMethod method, string path, JObject? body = null)
        {
            using var req = new HttpRequestMessage(method, h.Emulator.ControlUrl + path);
            if (body != null) req.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
            using var resp = await h.Http.SendAsync(req);
            return new ApiAnswer((int)resp.StatusCode, await resp.Content.ReadAsStringAsync(), resp.Headers);
        }

        [Fact]
        public async Task Lists_workspaces_and_moves_the_clock()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var ws = await Control(h, HttpMethod.Get, "/workspaces");
            var arr = JArray.Parse(ws.Raw);
            Assert.Equal(new[] { "primary", "secondary" }, arr.Select(w => (string?)w["name"]));
            Assert.Equal(h.Url("primary"), (string?)arr[0]!["url"]);

            var clock = await Control(h, HttpMethod.Post, "/clock/advance", new JObject { ["seconds"] = 3600 });
            Assert.Equal("2026-11-24T01:00:00.000Z", (string?)clock.Json["now"]);
            (await Control(h, HttpMethod.Post, "/clock/advance", new JObject { ["seconds"] = -1 }))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "The clock only moves forward: seconds must not be negative.");
        }

        [Fact]
        public async Task The_managed_identity_stand_in_issues_tokens_every_workspace_accepts_as_the_identity_even_while_one_is_down()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var identity = await Control(h, HttpMethod.Get, "/identity");
            var endpoint = (string)identity.Json["endpoint"]!;
            Assert.Equal(h.Emulator.ControlUrl + "/identity/token", endpoint);
            await Control(h, HttpMethod.Post, "/workspaces/secondary/auth", new JObject { ["tokens"] = new JArray() });
            await Control(h, HttpMethod.Post, "/workspaces/primary/down");

            async Task<ApiAnswer> Token(string? header, string query)
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, endpoint + query);
                if (header != null) req.Headers.Add("X-IDENTITY-HEADER", header);
                using var resp = await h.Http.SendAsync(req);
                return new ApiAnswer((int)resp.StatusCode, await resp.Content.ReadAsStringAsync(), resp.Headers);
            }
            const string Query = "?api-version=2019-08-01&resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
            Assert.Equal(401, (await Token(null, Query)).Status);
            Assert.Equal(401, (await Token("wrong", Query)).Status);
            Assert.Equal(400, (await Token((string)identity.Json["header"]!, "?api-version=2018-02-01&resource=x")).Status);

            var system = await Token((string)identity.Json["header"]!, Query);
            Assert.Equal(200, system.Status);
            Assert.Equal("7d3f6c1e-5b2a-4c8d-9e0f-a1b2c3d4e5f6", (string?)system.Json["client_id"]);
            Assert.Equal("Bearer", (string?)system.Json["token_type"]);
            Assert.True(long.Parse((string)system.Json["expires_on"]!) > h.Emulator.Clock.Now.ToUnixTimeSeconds());

            // The secondary refuses every token but the identity's, and records the identity as the caller.
            Assert.Equal(403, (await h.GetAsync("secondary", "/api/2.0/pipelines")).Status);
            var asIdentity = await h.SendAsync(HttpMethod.Get, "secondary", "/api/2.0/pipelines", token: (string)system.Json["access_token"]!);
            Assert.Equal(200, asIdentity.Status);
            Assert.Equal("7d3f6c1e-5b2a-4c8d-9e0f-a1b2c3d4e5f6", h["secondary"].Requests.Entries.Last().User);

            var userAssigned = await Token((string)identity.Json["header"]!, Query + "&client_id=3c1b0a9e-0000-4000-8000-000000000001");
            Assert.Equal("3c1b0a9e-0000-4000-8000-000000000001", (string?)userAssigned.Json["client_id"]);
            Assert.Equal(5, (int)(await Control(h, HttpMethod.Get, "/identity")).Json["requests"]!); // refused ones counted too
        }

        [Fact]
        public async Task Takes_a_region_down_and_up_and_injects_and_clears_faults()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var down = await Control(h, HttpMethod.Post, "/workspaces/primary/down");
            Assert.True((bool)down.Json["down"]!);
            await Assert.ThrowsAsync<HttpRequestException>(() => h.GetAsync("primary", "/api/2.0/pipelines"));
            await Control(h, HttpMethod.Post, "/workspaces/primary/up");
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines")).Status);

            var f = await Control(h, HttpMethod.Post, "/workspaces/primary/faults", new JObject { ["kind"] = "status", ["status"] = 429, ["retry_after_seconds"] = 3, ["count"] = 1 });
            Assert.Equal(1, (int)f.Json["faults"]!);
            var limited = await h.GetAsync("primary", "/api/2.0/pipelines");
            Assert.Equal(429, limited.Status);
            Assert.Equal("3", limited.Header("Retry-After"));

            await Control(h, HttpMethod.Post, "/workspaces/primary/faults", new JObject { ["kind"] = "status", ["status"] = 503 });
            await Control(h, HttpMethod.Post, "/workspaces/primary/latency", new JObject { ["milliseconds"] = 5 });
            var cleared = await Control(h, HttpMethod.Delete, "/workspaces/primary/faults");
            Assert.Equal(0, (int)cleared.Json["faults"]!);
            Assert.Equal(0.0, (double)cleared.Json["latency_ms"]!);
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines")).Status);

            (await Control(h, HttpMethod.Post, "/workspaces/primary/faults", new JObject { ["kind"] = "explode" }))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "Unknown fault kind 'explode': use status, reset, applied_then_timeout, hang or down.");
            (await Control(h, HttpMethod.Post, "/workspaces/tertiary/down")).AssertError(404, "RESOURCE_DOES_NOT_EXIST", "No emulated workspace named 'tertiary'. Known: primary, secondary.");
        }

        [Fact]
        public async Task Fails_the_next_update_restricts_auth_and_reads_the_request_log()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", new JObject { ["name"] = "p" });
            await Control(h, HttpMethod.Post, $"/workspaces/primary/pipelines/{id}/fail-next-update");
            await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject());
            h.Advance(60);
            Assert.Equal("FAILED", (string?)(await h.GetPipelineAsync("primary", id))["latest_updates"]![0]!["state"]);

            var log = await Control(h, HttpMethod.Get, "/workspaces/primary/requests?since=0");
            var requests = (JArray)log.Json["requests"]!;
            Assert.Contains(requests, r => (string?)r["path"] == "/api/2.0/pipelines" && (string?)r["method"] == "POST" && (bool)r["is_write"]!);
            Assert.Equal(requests.Count, (long)log.Json["last_sequence"]!);

            await Control(h, HttpMethod.Post, "/workspaces/primary/auth", new JObject { ["tokens"] = new JArray(new JObject { ["token"] = "dapi-only", ["user"] = "ops@corp" }) });
            Assert.Equal(403, (await h.GetAsync("primary", "/api/2.0/pipelines")).Status);
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines", token: "dapi-only")).Status);
            await Control(h, HttpMethod.Post, "/workspaces/primary/auth", new JObject { ["accept_any"] = true });
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines")).Status);
        }

        [Fact]
        public async Task A_scaled_clock_moves_state_without_requests_or_advances()
        {
            await using var h = await EmulatorHarness.StartRealTimeAsync(clockScale: 1000);
            var id = await h.CreatePipelineAsync("primary", new JObject { ["name"] = "fast" });
            await h.OkAsync(HttpMethod.Post, "primary", $"/api/2.0/pipelines/{id}/updates", new JObject());
            // 20 virtual seconds are 20 real milliseconds: the emulator's own pump completes the
            // update with no request coming in; each of its turns is heard, not polled for.
            var completed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Look()
            {
                var now = h["primary"].Read(w => w.Pipelines.Find(id).LatestUpdate!.State);
                if (now == "COMPLETED") completed.TrySetResult(now);
            }
            h.Emulator.Sim.Pumped += Look;
            // A bound for a test gone wrong, not a speed goal.
            var state = await completed.Task.WaitAsync(TimeSpan.FromMinutes(1));
            h.Emulator.Sim.Pumped -= Look;
            Assert.Equal("COMPLETED", state);
        }
    }
}
