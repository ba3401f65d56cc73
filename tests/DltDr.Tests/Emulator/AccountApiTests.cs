using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    /// <summary>
    /// The account host's Disaster Recovery API, as databricks-sdk-py's disasterrecovery service models
    /// it: failover groups listed (paged, abbreviated), read, and failed over on the emulated clock.
    /// </summary>
    public sealed class AccountApiTests
    {
        private const string OAuthToken = "eyJ-account-oauth-token";

        private static async Task<(int Status, JObject Json)> CallAsync(EmulatorHarness h, HttpMethod method, string path, object? body = null,
            string? token = OAuthToken)
        {
            using var request = new HttpRequestMessage(method, h.Emulator.AccountUrl + path);
            if (token != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body != null) request.Content = new StringContent(JObject.FromObject(body).ToString(), Encoding.UTF8, "application/json");
            using var response = await h.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, text.Length == 0 ? new JObject() : JObject.Parse(text));
        }

        /// <summary>A failover group made through the control API (DltDr never creates one), over the emulated primary and secondary.</summary>
        private static async Task<string> GroupAsync(EmulatorHarness h, string id = "fg-sales")
        {
            var body = JObject.FromObject(new
            {
                failover_group_id = id,
                regions = new[] { "westeurope", "northeurope" },
                initial_primary_region = "westeurope",
                workspace_sets = new[]
                {
                    new { name = "sales", workspace_ids = new[] { h.Emulator["primary"].OrgId, h.Emulator["secondary"].OrgId },
                        replicate_workspace_assets = true },
                },
                unity_catalog_assets = new { catalogs = new[] { new { name = "sales" } }, data_replication_workspace_set = "sales" },
            });
            using var r = await h.Http.PostAsync(h.Emulator.ControlUrl + "/account/failover-groups",
                new StringContent(body.ToString(), Encoding.UTF8, "application/json"));
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.IsSuccessStatusCode, text);
            return (string)JObject.Parse(text)["name"]!;
        }

        private static string Groups(EmulatorHarness h) => $"/api/disaster-recovery/v1/accounts/{h.Emulator.Account.AccountId}/failover-groups";

        [Fact]
        public async Task Lists_in_pages_without_state_and_reads_a_group_whole()
        {
            await using var h = await EmulatorHarness.StartAsync();
            for (var i = 1; i <= 3; i++) await GroupAsync(h, $"fg-{i}");
            var first = await CallAsync(h, HttpMethod.Get, Groups(h) + "?page_size=2");
            Assert.Equal(200, first.Status);
            Assert.Equal(2, ((JArray)first.Json["failover_groups"]!).Count);
            Assert.Null(first.Json["failover_groups"]![0]!["state"]);
            Assert.Null(first.Json["failover_groups"]![0]!["replication_point"]);
            var token = (string)first.Json["next_page_token"]!;
            var second = await CallAsync(h, HttpMethod.Get, Groups(h) + "?page_size=2&page_token=" + token);
            Assert.Equal(new[] { $"accounts/{h.Emulator.Account.AccountId}/failover-groups/fg-3" },
                second.Json["failover_groups"]!.Select(g => (string)g["name"]!));
            Assert.Null(second.Json["next_page_token"]);
            Assert.Equal(400, (await CallAsync(h, HttpMethod.Get, Groups(h) + "?page_size=-1")).Status);

            var got = await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-1");
            Assert.Equal("ACTIVE", (string)got.Json["state"]!);
            Assert.Equal("westeurope", (string)got.Json["effective_primary_region"]!);
            Assert.NotNull(got.Json["replication_point"]);
            Assert.NotNull(got.Json["etag"]);
            Assert.Equal("sales", (string)got.Json["workspace_sets"]![0]!["name"]!);
            Assert.Equal(404, (await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-none")).Status);
        }

        [Fact]
        public async Task A_failover_runs_on_the_emulated_clock_and_every_change_gives_a_new_etag()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await GroupAsync(h);
            var before = await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales");
            var stale = await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover",
                new { target_primary_region = "northeurope", failover_type = "FORCED", etag = "W/\"0\"" });
            Assert.Equal(409, stale.Status);
            Assert.Equal("ABORTED", (string)stale.Json["error_code"]!);
            Assert.Equal(400, (await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover",
                new { target_primary_region = "eastus", failover_type = "FORCED" })).Status);
            Assert.Equal(400, (await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover",
                new { target_primary_region = "westeurope", failover_type = "FORCED" })).Status);
            Assert.Equal(400, (await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover",
                new { target_primary_region = "northeurope" })).Status);

            var started = await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover",
                new { target_primary_region = "northeurope", failover_type = "FORCED", etag = (string)before.Json["etag"]! });
            Assert.Equal(200, started.Status);
            Assert.Equal("FAILING_OVER", (string)started.Json["state"]!);
            Assert.NotEqual((string)before.Json["etag"]!, (string)started.Json["etag"]!);
            // The same request again is the idempotent answer, not a second failover.
            var again = await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover",
                new { target_primary_region = "northeurope", failover_type = "FORCED" });
            Assert.Equal((string)started.Json["etag"]!, (string)again.Json["etag"]!);

            h.Advance(119);
            Assert.Equal("FAILING_OVER", (string)(await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales")).Json["state"]!);
            h.Advance(2);
            var done = await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales");
            Assert.Equal("ACTIVE", (string)done.Json["state"]!);
            Assert.Equal("northeurope", (string)done.Json["effective_primary_region"]!);
            Assert.NotEqual((string)started.Json["etag"]!, (string)done.Json["etag"]!);
        }

        [Fact]
        public async Task The_control_API_makes_a_failover_fail_or_hang()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await GroupAsync(h);
            var control = h.Emulator.ControlUrl + "/account/failover-groups/fg-sales";
            async Task Control(string what, object body)
            {
                using var r = await h.Http.PostAsync(control + what, new StringContent(JObject.FromObject(body).ToString(), Encoding.UTF8,
                    "application/json"));
                Assert.Equal(200, (int)r.StatusCode);
            }
            await Control("/next-failover", new { outcome = "fail" });
            await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover", new { target_primary_region = "northeurope", failover_type = "FORCED" });
            h.Advance(180);
            var failed = await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales");
            Assert.Equal("FAILOVER_FAILED", (string)failed.Json["state"]!);
            Assert.Equal("westeurope", (string)failed.Json["effective_primary_region"]!);

            await Control("/next-failover", new { outcome = "hang" });
            await CallAsync(h, HttpMethod.Post, Groups(h) + "/fg-sales/failover", new { target_primary_region = "northeurope", failover_type = "FORCED" });
            h.Advance(3600);
            Assert.Equal("FAILING_OVER", (string)(await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales")).Json["state"]!);
            await Control("/release", new { });
            var released = await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales");
            Assert.Equal("ACTIVE", (string)released.Json["state"]!);
            Assert.Equal("northeurope", (string)released.Json["effective_primary_region"]!);
        }

        [Fact]
        public async Task Replication_advances_while_active_and_stops_while_the_primary_region_is_down()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await GroupAsync(h);
            using (var r = await h.Http.PostAsync(h.Emulator.ControlUrl + "/account/failover-groups/fg-sales/replication-lag",
                new StringContent("{\"seconds\": 300}", Encoding.UTF8, "application/json")))
            {
                Assert.Equal(200, (int)r.StatusCode);
            }
            h.Advance(3600);
            var now = h.Emulator.Clock.Now;
            var point = DateTimeOffset.Parse((string)(await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales")).Json["replication_point"]!);
            Assert.Equal(now.AddSeconds(-300), point, TimeSpan.FromSeconds(1));
            await h.Emulator.TakeDownAsync("primary");
            h.Advance(3600);
            var stopped = DateTimeOffset.Parse((string)(await CallAsync(h, HttpMethod.Get, Groups(h) + "/fg-sales")).Json["replication_point"]!);
            Assert.Equal(point, stopped, TimeSpan.FromSeconds(1));
        }

        [Fact]
        public async Task Account_auth_refuses_a_workspace_token_and_another_account()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await GroupAsync(h);
            var pat = await CallAsync(h, HttpMethod.Get, Groups(h), token: "dapi0123456789abcdef");
            Assert.Equal(401, pat.Status);
            Assert.Contains("personal access token is not valid at the account level", (string)pat.Json["message"]!);
            Assert.Equal(401, (await CallAsync(h, HttpMethod.Get, Groups(h), token: null)).Status);
            Assert.Equal(404, (await CallAsync(h, HttpMethod.Get,
                "/api/disaster-recovery/v1/accounts/00000000-0000-0000-0000-000000000000/failover-groups")).Status);
        }
    }
}
