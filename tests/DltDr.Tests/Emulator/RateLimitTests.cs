using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DltDr.Emulator.Limits;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    /// <summary>The service's per-workspace, per-endpoint request limits: 429 with Retry-After past them, off unless enabled.</summary>
    public sealed class RateLimitTests
    {
        [Fact]
        public async Task Past_its_documented_limit_an_endpoint_answers_429_with_Retry_After_and_other_endpoints_and_workspaces_are_unaffected()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Limits.Enabled = true;
            // Sent at once: far faster than the bucket refills (20 a second).
            var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => h.GetAsync("primary", "/api/2.2/jobs/list")));
            var refused = answers.Where(a => a.Status == 429).ToList();
            Assert.InRange(answers.Count(a => a.Status == 200), 20, 26); // 20 at once, and what refilled while they were answered
            Assert.NotEmpty(refused);
            Assert.All(refused, a => a.AssertError(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests to jobs/list: this workspace allows 20 per second. Retry after 1 s."));
            Assert.All(refused, a => Assert.Equal("1", a.Header("Retry-After")));

            // The Pipelines API has no documented limit; the other workspace has its own.
            var pipelines = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => h.GetAsync("primary", "/api/2.0/pipelines")));
            Assert.All(pipelines, a => Assert.Equal(200, a.Status));
            Assert.Equal(200, (await h.GetAsync("secondary", "/api/2.2/jobs/list")).Status);
            Assert.Equal(refused.Count, h["primary"].Limits.Refused["jobs/list"]);
            Assert.All(h["primary"].Requests.Entries.Where(e => e.Status == 429), e => Assert.Equal("rate_limit", e.Fault));
        }

        [Fact]
        public async Task Without_limits_enabled_nothing_is_refused()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => h.GetAsync("primary", "/api/2.2/jobs/list")));
            Assert.All(answers, a => Assert.Equal(200, a.Status));
        }

        [Fact]
        public void A_bucket_refills_evenly_and_says_how_long_until_room()
        {
            var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
            var limiter = new RateLimiter(time) { Enabled = true };
            for (var i = 0; i < 10; i++) Assert.True(limiter.TryTake("POST", "/api/2.2/jobs/update", out _, out _));
            Assert.False(limiter.TryTake("POST", "/api/2.2/jobs/update", out var rule, out var wait));
            Assert.Equal("jobs/update", rule!.Name);
            Assert.Equal(TimeSpan.FromMilliseconds(100), wait);
            time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True(limiter.TryTake("POST", "/api/2.2/jobs/update", out _, out _));
            Assert.False(limiter.TryTake("POST", "/api/2.2/jobs/update", out _, out _));
            // SCIM reads share one bucket of 255 a minute.
            for (var i = 0; i < 255; i++) Assert.True(limiter.TryTake("GET", i % 2 == 0 ? "/api/2.0/preview/scim/v2/Me" : "/api/2.0/preview/scim/v2/Users", out _, out _));
            Assert.False(limiter.TryTake("GET", "/api/2.0/preview/scim/v2/Me", out var scim, out var scimWait));
            Assert.Equal("255 per minute", scim!.ToString());
            Assert.Equal(60.0 / 255, scimWait.TotalSeconds, 3);
            // Jobs 2.1 and 2.2 share an endpoint's limit.
            for (var i = 0; i < 20; i++) Assert.True(limiter.TryTake("GET", "/api/2.2/jobs/list", out _, out _));
            Assert.False(limiter.TryTake("GET", "/api/2.1/jobs/list", out var shared, out _));
            Assert.Equal("jobs/list", shared!.Name);
            // GET of an update endpoint is another endpoint.
            Assert.True(limiter.TryTake("GET", "/api/2.2/jobs/get", out _, out _));
        }

        [Fact]
        public async Task The_control_API_turns_limits_on_sets_them_and_counts_what_was_refused()
        {
            await using var h = await EmulatorHarness.StartAsync();
            using var http = new HttpClient();
            var url = h.Emulator.ControlUrl + "/workspaces/primary/rate-limits";
            var set = await http.PostAsync(url, Json(new JObject { ["enabled"] = true, ["limits"] = new JObject { ["jobs/get"] = 2, ["scim"] = new JObject { ["count"] = 100, ["seconds"] = 60 } } }));
            Assert.Equal(200, (int)set.StatusCode);
            var jobs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => h.GetAsync("primary", "/api/2.2/jobs/get?job_id=1")));
            Assert.Equal(2, jobs.Count(a => a.Status == 429));
            var shown = JObject.Parse(await http.GetStringAsync(url));
            Assert.True((bool)shown["enabled"]!);
            Assert.Equal(2, (int)shown["limits"]!["jobs/get"]!["count"]!);
            Assert.Equal(2, (int)shown["limits"]!["jobs/get"]!["refused"]!);
            Assert.Equal(60.0, (double)shown["limits"]!["scim"]!["seconds"]!);
            Assert.Equal(10, (int)shown["limits"]!["jobs/update"]!["count"]!);

            var unknown = await http.PostAsync(url, Json(new JObject { ["limits"] = new JObject { ["pipelines/list"] = 5 } }));
            Assert.Equal(400, (int)unknown.StatusCode);
            Assert.Contains("There is no limit 'pipelines/list'. Limits: jobs/get, jobs/list,", await unknown.Content.ReadAsStringAsync());
            var zero = await http.PostAsync(url, Json(new JObject { ["limits"] = new JObject { ["jobs/list"] = 0 } }));
            Assert.Equal(400, (int)zero.StatusCode);
            Assert.Contains("Give limit 'jobs/list' as calls per second (a whole number of at least 1)", await zero.Content.ReadAsStringAsync());

            var reset = JObject.Parse(await (await http.DeleteAsync(url)).Content.ReadAsStringAsync());
            Assert.Equal(20, (int)reset["limits"]!["jobs/get"]!["count"]!);
            Assert.Equal(0, (int)reset["limits"]!["jobs/get"]!["refused"]!);
        }

        private static StringContent Json(JObject o) => new StringContent(o.ToString(), Encoding.UTF8, "application/json");
    }
}
