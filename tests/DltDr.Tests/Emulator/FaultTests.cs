using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using DltDr.Emulator.Faults;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    public class FaultTests
    {
        [Fact]
        public async Task A_region_down_refuses_connections_and_comes_back_on_the_same_port_with_its_state()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var id = await h.CreatePipelineAsync("primary", new JObject { ["name"] = "p" });
            var port = h["primary"].Port;
            await h.Emulator.TakeDownAsync("primary");
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => h.SendAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines/" + id));
            Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(ex.InnerException).SocketErrorCode);
            // The other region is unaffected.
            Assert.Equal(200, (await h.GetAsync("secondary", "/api/2.0/pipelines")).Status);

            await h.Emulator.BringUpAsync("primary");
            Assert.Equal(port, h["primary"].Port);
            Assert.Equal("p", (string?)(await h.GetPipelineAsync("primary", id))["name"]);
        }

        [Fact]
        public async Task A_hung_region_accepts_and_never_answers_until_released()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Hang();
            await Assert.ThrowsAsync<TaskCanceledException>(() => h.SendAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines", timeout: TimeSpan.FromSeconds(0.5)));
            h["primary"].Faults.Unhang();
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines")).Status);
            Assert.Contains(h["primary"].Requests.Entries, e => e.Fault == "hung");
        }

        [Fact]
        public async Task Added_latency_delays_every_answer()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Latency = TimeSpan.FromMilliseconds(300);
            var before = h.Time!.Elapsed;
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines")).Status);
            Assert.Equal(TimeSpan.FromMilliseconds(300), h.Time.Elapsed - before); // on the test's time: no real wait
        }

        [Theory]
        [InlineData(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests. Please wait a moment and try again.", 7)]
        [InlineData(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests. Please wait a moment and try again.", null)]
        [InlineData(500, "INTERNAL_ERROR", "Internal error. Please try again later.", null)]
        [InlineData(503, "TEMPORARILY_UNAVAILABLE", "The service is temporarily unavailable. Please try again later.", null)]
        [InlineData(504, "DEADLINE_EXCEEDED", "The request timed out at the gateway.", null)]
        public async Task Status_faults_answer_the_service_error_on_the_next_N_matching_calls(int status, string code, string message, int? retryAfter)
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Kind = FaultKind.Status, Status = status, RetryAfterSeconds = retryAfter, Method = "POST", PathPrefix = "/api/2.0/pipelines", Remaining = 2 });
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines")).Status); // a GET does not match
            for (var i = 0; i < 2; i++)
            {
                var a = await h.PostAsync("primary", "/api/2.0/pipelines", new JObject { ["name"] = "p" });
                a.AssertError(status, code, message);
                Assert.Equal(retryAfter?.ToString(), a.Header("Retry-After"));
                Assert.NotNull(a.Header("x-request-id"));
            }
            Assert.Equal(200, (await h.PostAsync("primary", "/api/2.0/pipelines", new JObject { ["name"] = "p" })).Status);
            Assert.Single(h["primary"].Read(w => w.Pipelines.All.ToList())); // failed calls changed nothing
        }

        [Fact]
        public async Task A_reset_drops_the_connection_without_applying_the_call()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Kind = FaultKind.Reset, Remaining = 1 });
            await Assert.ThrowsAsync<HttpRequestException>(() => h.PostAsync("primary", "/api/2.0/pipelines", new JObject { ["name"] = "p" }));
            Assert.Empty(h["primary"].Read(w => w.Pipelines.All.ToList()));
            Assert.Equal(200, (await h.PostAsync("primary", "/api/2.0/pipelines", new JObject { ["name"] = "p" })).Status);
        }

        [Fact]
        public async Task Applied_then_timed_out_makes_the_change_but_never_answers()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Kind = FaultKind.AppliedThenTimeout, Method = "POST", Remaining = 1 });
            await Assert.ThrowsAsync<TaskCanceledException>(() => h.SendAsync(HttpMethod.Post, "primary", "/api/2.0/pipelines", new JObject { ["name"] = "applied" }, timeout: TimeSpan.FromSeconds(0.5)));
            var listed = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines");
            Assert.Equal("applied", (string?)Assert.Single(listed["statuses"]!)["name"]);
        }

        [Fact]
        public async Task A_fault_rate_applies_to_a_share_of_calls()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Kind = FaultKind.Status, Status = 503, Rate = 0.5 });
            var failures = 0;
            for (var i = 0; i < 40; i++)
            {
                if ((await h.GetAsync("primary", "/api/2.0/pipelines")).Status == 503) failures++;
            }
            Assert.InRange(failures, 5, 35);
        }

        [Fact]
        public async Task A_request_is_in_the_log_before_it_is_answered()
        {
            // Whoever reads the log once an answer is in hand must find the request there, complete:
            // the entry is logged on arrival (seen here from inside the handling) and given its status
            // as the answer starts, not after it is sent.
            await using var h = await EmulatorHarness.StartAsync();
            var loggedWhileHandled = false;
            h["primary"].Faults.Add(new FaultRule
            {
                Kind = FaultKind.Status, Status = 503, Method = "POST", Remaining = 1,
                OnMatch = () => loggedWhileHandled = h["primary"].Requests.Entries.Any(e => e.Path == "/api/2.0/workspace/mkdirs"),
            });
            Assert.Equal(503, (await h.PostAsync("primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/a" })).Status);
            Assert.True(loggedWhileHandled, "the request was not in the log while it was being handled");
            var entry = Assert.Single(h["primary"].Requests.Entries, e => e.Path == "/api/2.0/workspace/mkdirs");
            Assert.Equal((503, "status"), (entry.Status, entry.Fault));
        }

        [Fact]
        public async Task The_request_log_records_writes_and_never_the_credential()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await h.GetAsync("primary", "/api/2.0/pipelines");
            await h.PostAsync("primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/a" });
            var log = h["primary"].Requests;
            Assert.Equal(1, log.WriteCount);
            var write = log.Entries.Single(e => e.IsWrite);
            Assert.Equal("/api/2.0/workspace/mkdirs", write.Path);
            Assert.Equal("{\"path\":\"/Shared/a\"}", write.Body);
            Assert.Equal("admin@dltdr.example", write.User);
            Assert.DoesNotContain(EmulatorHarness.Token, Newtonsoft.Json.JsonConvert.SerializeObject(log.Entries));
        }
    }
}
