using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator.Faults;
using DltDr.Engine;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    public class TransportTests
    {
        private const string Pat = "dapi0123456789abcdef0123456789abcdef";

        /// <summary>A transport on the emulator's virtual time, its waits recorded.</summary>
        private static (DatabricksTransport Transport, List<TimeSpan> Waits, List<string> Log) Transport(EmulatorHarness h, string ws = "primary", Action<TransportOptions>? configure = null, ICredentialProvider? credentials = null)
        {
            var clock = new RecordingClock(EngineClients.Clock(h));
            var log = new List<string>();
            var options = EngineClients.Options(h);
            options.Clock = clock;
            options.Log = line => { lock (log) log.Add(line); };
            configure?.Invoke(options);
            return (new DatabricksTransport(new Uri(h.Url(ws)), credentials ?? new StaticTokenProvider("pat", Pat), options), clock.Waits, log);
        }

        private static DatabricksRequest CreatePipeline(string name) => new DatabricksRequest(HttpMethod.Post, "/api/2.0/pipelines", CallKind.StartingWrite, new JObject { ["name"] = name });

        [Theory]
        [InlineData("http://dbc-1234.cloud.databricks.com")]
        [InlineData("http://10.0.0.4:8080")]
        [InlineData("ftp://127.0.0.1")]
        public void Plain_http_is_refused_except_on_loopback(string host)
        {
            var ex = Assert.Throws<ArgumentException>(() => WorkspaceHost.Validate(new Uri(host)));
            Assert.Contains("must use https", ex.Message);
        }

        [Theory]
        [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/")]
        [InlineData("http://localhost:1234/some/path", "http://localhost:1234/")]
        [InlineData("https://adb-123.4.azuredatabricks.net/?o=123", "https://adb-123.4.azuredatabricks.net/")]
        public void Https_and_loopback_hosts_are_accepted_and_trimmed_to_the_authority(string host, string expected)
            => Assert.Equal(expected, WorkspaceHost.Validate(new Uri(host)).ToString());

        [Fact]
        public async Task A_call_answers_the_json_and_names_DltDr_in_the_user_agent()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var (t, _, _) = Transport(h);
            using var _t = t;
            var created = await t.SendAsync(CreatePipeline("p"), CancellationToken.None);
            Assert.NotNull((string?)created["pipeline_id"]);
            var entry = h["primary"].Requests.Entries.Single();
            Assert.StartsWith("DltDr/0.1.0 ", entry.UserAgent);
        }

        [Fact]
        public async Task The_services_clock_is_read_from_its_Date_header()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h.Advance(3 * 3600);
            var (t, _, _) = Transport(h);
            using var _t = t;
            Assert.Null(t.ServiceNow);
            await t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None);
            Assert.Equal(EmulatorHarness.Origin.AddHours(3), t.ServiceNow);
        }

        [Fact]
        public async Task Retry_After_is_honoured_as_measured_on_the_emulators_clock()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Status = 429, RetryAfterSeconds = 7, Remaining = 2 });
            var (t, waits, _) = Transport(h);
            using var _t = t;
            await t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None);
            Assert.Equal(new[] { TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7) }, waits);
            var times = h["primary"].Requests.Entries.Select(e => e.VirtualTime).ToList();
            Assert.Equal(3, times.Count);
            Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromSeconds(7), $"retried after {gap}"));
        }

        [Fact]
        public async Task Without_Retry_After_it_backs_off_exponentially_with_jitter_up_to_the_cap()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Status = 503, Remaining = 6 });
            var (t, waits, _) = Transport(h, configure: o => { o.InitialBackoff = TimeSpan.FromSeconds(1); o.MaxBackoff = TimeSpan.FromSeconds(8); });
            using var _t = t;
            await t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None);
            var ceilings = new[] { 1, 2, 4, 8, 8, 8 };
            Assert.Equal(6, waits.Count);
            for (var i = 0; i < 6; i++) Assert.InRange(waits[i].TotalSeconds, ceilings[i] * 0.5, ceilings[i]);
        }

        [Fact]
        public async Task It_gives_up_at_the_overall_deadline_with_the_last_error()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Status = 503 });
            var (t, waits, _) = Transport(h, configure: o => o.RetryDeadline = TimeSpan.FromSeconds(30));
            using var _t = t;
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None));
            Assert.Equal(503, ex.StatusCode);
            Assert.Equal("TEMPORARILY_UNAVAILABLE", ex.ErrorCode);
            Assert.True(ex.Attempts > 3);
            Assert.True(waits.Aggregate(TimeSpan.Zero, (a, b) => a + b) <= TimeSpan.FromSeconds(30));
            Assert.StartsWith($"GET /api/2.0/pipelines on {h.Url("primary")} failed after {ex.Attempts} attempts: 503 TEMPORARILY_UNAVAILABLE:", ex.Message);
        }

        [Fact]
        public async Task A_call_answered_429_keeps_its_turn_past_the_region_deadline_up_to_the_throttled_deadline()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Status = 429, RetryAfterSeconds = 4, Remaining = 3, PathPrefix = "/api/2.2/jobs/list" });
            var (t, waits, log) = Transport(h, configure: o => o.RetryDeadline = TimeSpan.FromSeconds(5));
            using var _t = t;
            await t.SendAsync(DatabricksRequest.Get("/api/2.2/jobs/list"), CancellationToken.None);
            Assert.True(waits.Aggregate(TimeSpan.Zero, (a, b) => a + b) >= TimeSpan.FromSeconds(12), "it did not wait out the three Retry-Afters");
            // Three 429s of one call are too few to judge the class by: only that call waited.
            Assert.Equal(20 * RequestPacer.Headroom, t.Pacer!.PaceOf(DatabricksRequest.Get("/api/2.2/jobs/list"))!.Value, 6);
            Assert.Contains(log, l => l.Contains("too few calls yet to judge, jobs/list stays at 19 calls per second; this call waits its Retry-After"));

            // A 503 is still held to the region's deadline; a 429 that never ends, to the throttled one.
            h["primary"].Faults.Add(new FaultRule { Status = 429, RetryAfterSeconds = 4 });
            var (t2, waits2, _) = Transport(h, configure: o => { o.RetryDeadline = TimeSpan.FromSeconds(5); o.ThrottledRetryDeadline = TimeSpan.FromSeconds(30); });
            using var _t2 = t2;
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t2.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None));
            Assert.Equal(429, ex.StatusCode);
            var waited = waits2.Aggregate(TimeSpan.Zero, (a, b) => a + b);
            Assert.InRange(waited.TotalSeconds, 24, 30);
        }

        [Fact]
        public async Task Server_errors_are_retried_for_reads_but_a_starting_write_is_never_repeated()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Status = 500, Remaining = 1, Method = "GET" });
            var (t, _, _) = Transport(h);
            using var _t = t;
            await t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None);

            h["primary"].Faults.Add(new FaultRule { Status = 504, Remaining = 1, Method = "POST" });
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(CreatePipeline("p"), CancellationToken.None));
            Assert.Equal(504, ex.StatusCode);
            Assert.True(ex.OutcomeUnknown);
            Assert.Equal(1, ex.Attempts);
            Assert.Contains("read the current state before trying again", ex.Message);
        }

        [Fact]
        public async Task A_lost_connection_is_retried_for_reads_and_reported_as_ambiguous_for_a_start()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var (t, _, _) = Transport(h);
            using var _t = t;
            h["primary"].Faults.Add(new FaultRule { Kind = FaultKind.Reset, Remaining = 1, Method = "GET" });
            await t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None);

            h["primary"].Faults.Add(new FaultRule { Kind = FaultKind.Reset, Remaining = 1, Method = "POST" });
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(CreatePipeline("p"), CancellationToken.None));
            Assert.Equal(TransportErrorCodes.ConnectionLost, ex.ErrorCode);
            Assert.True(ex.OutcomeUnknown);
            Assert.Equal(1, ex.Attempts);
        }

        [Fact]
        public async Task A_change_applied_then_timed_out_is_reported_as_unknown_and_is_there_on_reread()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Add(new FaultRule { Kind = FaultKind.AppliedThenTimeout, Remaining = 1, Method = "POST" });
            var (t, _, _) = Transport(h, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
            using var _t = t;
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(CreatePipeline("applied"), CancellationToken.None));
            Assert.Equal(TransportErrorCodes.Timeout, ex.ErrorCode);
            Assert.True(ex.OutcomeUnknown);
            var list = await t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None);
            Assert.Equal("applied", (string?)list["statuses"]![0]!["name"]);
        }

        [Fact]
        public async Task An_unreachable_region_is_retried_until_the_deadline_then_reported_unreachable()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await h.Emulator.TakeDownAsync("primary");
            var (t, waits, _) = Transport(h, configure: o => o.RetryDeadline = TimeSpan.FromSeconds(10));
            using var _t = t;
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(CreatePipeline("p"), CancellationToken.None));
            Assert.True(ex.IsUnreachable);
            Assert.Equal(0, ex.StatusCode);
            Assert.False(ex.OutcomeUnknown); // nothing was sent
            Assert.True(ex.Attempts > 1);
            Assert.Contains("cannot connect", ex.Message);
        }

        [Fact]
        public async Task A_hung_region_times_out_per_attempt()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Hang();
            var (t, _, _) = Transport(h, configure: o => { o.RequestTimeout = TimeSpan.FromMilliseconds(200); o.RetryDeadline = TimeSpan.FromSeconds(2); });
            using var _t = t;
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None));
            Assert.Equal(TransportErrorCodes.Timeout, ex.ErrorCode);
            Assert.True(ex.IsUnreachable);
            h["primary"].Faults.Unhang();
        }

        [Fact]
        public async Task Cancelling_stops_a_call_that_is_waiting_for_an_answer()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Faults.Hang();
            var (t, _, _) = Transport(h);
            using var _t = t;
            using var cts = new CancellationTokenSource();
            using (h.Time!.Freeze())
            {
                var call = t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), cts.Token);
                await h.Time.WhenHeldAsync();
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            }
            h["primary"].Faults.Unhang();
        }

        [Fact]
        public async Task Service_errors_carry_status_code_message_and_request_id()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var (t, _, _) = Transport(h);
            using var _t = t;
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines/nope"), CancellationToken.None));
            Assert.Equal(404, ex.StatusCode);
            Assert.Equal("RESOURCE_DOES_NOT_EXIST", ex.ErrorCode);
            Assert.Equal("The specified pipeline nope was not found.", ex.ServiceMessage);
            Assert.Equal(h["primary"].Requests.Entries.Last().RequestId, ex.RequestId);
            Assert.Equal($"GET /api/2.0/pipelines/nope on {h.Url("primary")} failed: 404 RESOURCE_DOES_NOT_EXIST: The specified pipeline nope was not found. (request id {ex.RequestId}).", ex.Message);
        }

        [Fact]
        public async Task A_refused_token_appears_in_no_message_or_log_line()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Read(w => { w.Auth.Restrict(new[] { ("dapi-other", "u", false) }, Array.Empty<(string, string)>()); return 0; });
            var (t, _, log) = Transport(h);
            using var _t = t;
            var ex = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None));
            Assert.Equal(403, ex.StatusCode);
            Assert.Equal("PERMISSION_DENIED", ex.ErrorCode);
            Assert.DoesNotContain(Pat, ex.ToString());
            Assert.DoesNotContain(Pat, string.Join("\n", log));
            Assert.NotEmpty(log);
        }

        [Fact]
        public async Task A_refused_cached_token_is_refreshed_once()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Read(w => { w.Auth.Restrict(new[] { ("dapi-fresh", "u", false) }, Array.Empty<(string, string)>()); return 0; });
            var creds = new RotatingProvider("dapi-stale", "dapi-fresh");
            var (t, _, _) = Transport(h, credentials: creds);
            using var _t = t;
            await t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None);
            Assert.Equal(1, creds.Invalidations);
        }

        [Theory]
        [InlineData("token dapi0123456789abcdef0123456789abcdef-2 leaked", "token *** leaked")]
        [InlineData("Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer ***")]
        [InlineData("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end", "jwt *** end")]
        [InlineData("nothing secret here", "nothing secret here")]
        public void The_redactor_removes_token_shapes(string input, string expected) => Assert.Equal(expected, Redactor.Redact(input));

        [Fact]
        public void The_redactor_removes_known_secret_values() => Assert.Equal("client secret *** in text", Redactor.Redact("client secret s3cr3t-value in text", new[] { "s3cr3t-value" }));

        private sealed class RotatingProvider : ICredentialProvider
        {
            private readonly string _fresh;
            private string _current;

            public RotatingProvider(string stale, string fresh)
            {
                _current = stale;
                _fresh = fresh;
            }

            public int Invalidations { get; private set; }
            public string Name => "test";
            public IEnumerable<string> Secrets => new[] { _current };

            public Task<IReadOnlyDictionary<string, string>> GetHeadersAsync(CancellationToken cancel)
                => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Authorization"] = "Bearer " + _current });

            public bool Invalidate()
            {
                Invalidations++;
                _current = _fresh;
                return true;
            }
        }
    }
}
