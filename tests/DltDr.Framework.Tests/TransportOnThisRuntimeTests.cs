using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Linq;
using System.Threading;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Framework.Tests
{
    /// <summary>
    /// What goes wrong on the wire, from the runtime's own exceptions (no stand-ins): on .NET
    /// Framework (Mono) HttpClient is built on HttpWebRequest and fails with WebException statuses,
    /// on .NET 10 with SocketException and AuthenticationException. Each failure must be classified
    /// the same on both: not sent (tried again, even a starting write), sent and lost (a starting
    /// write never repeated: outcome unknown), or unreachable.
    /// </summary>
    public sealed class TransportOnThisRuntimeTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorProcess _emulator;

        public TransportOnThisRuntimeTests(EmulatorFixture fixture) => _emulator = fixture.Emulator;

        private static DatabricksTransport Transport(string host, Action<TransportOptions>? tune = null)
        {
            var options = new TransportOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(30),
                RetryDeadline = TimeSpan.FromSeconds(4),
                ConnectRetryDelay = TimeSpan.FromMilliseconds(50),
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromMilliseconds(400),
            };
            tune?.Invoke(options);
            return new DatabricksTransport(new Uri(host), new StaticTokenProvider("pat", "dapi-framework-lane"), options);
        }

        private static DatabricksRequest Create(string name)
            => new DatabricksRequest(HttpMethod.Post, "/api/2.0/pipelines", CallKind.StartingWrite, new JObject { ["name"] = name });

        private static DatabricksApiException Fails(DatabricksTransport t, DatabricksRequest request)
        {
            try
            {
                t.SendAsync(request, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (DatabricksApiException ex)
            {
                return ex;
            }
            throw new Xunit.Sdk.XunitException($"{request.Method} {request.Path} did not fail");
        }

        /// <summary>Runs <paramref name="body"/> with a fault rule on the primary, which is healed after.</summary>
        private void WithFault(JObject rule, Action body)
        {
            _emulator.Fault("primary", rule);
            try
            {
                body();
            }
            finally
            {
                _emulator.Heal("primary");
            }
        }

        /// <summary>The statuses the primary answered to GET /api/2.0/pipelines after <paramref name="since"/>, in order.</summary>
        private int[] ListingStatuses(long since) => _emulator.Call("GET", $"workspaces/primary/requests?since={since}")["requests"]!
            .Where(r => (string?)r["method"] == "GET" && (string?)r["path"] == "/api/2.0/pipelines").Select(r => (int?)r["status"] ?? 0).ToArray();

        private long LastRequest() => (long)_emulator.Call("GET", "workspaces/primary/requests")["last_sequence"]!;

        /// <summary>A loopback port nobody listens on: connecting to it is refused.</summary>
        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        [Fact]
        public void Ten_calls_to_one_workspace_are_in_flight_at_once_not_the_frameworks_two_per_host()
        {
            // .NET Framework allows 2 connections per host unless told otherwise, which would
            // serialise the pairs of a command: the engine raises it. Seen without timing anything:
            // the workspace holds every call unanswered, and ten must arrive there together.
            var since = (long)_emulator.Call("GET", "workspaces/secondary/requests")["last_sequence"]!;
            _emulator.Call("POST", "workspaces/secondary/hang");
            using var t = Transport(_emulator.Secondary, o => o.RequestTimeout = TimeSpan.FromSeconds(60));
            var calls = Enumerable.Range(0, 10).Select(_ => t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None)).ToList();
            try
            {
                var held = 0;
                // Arrival, not speed: a generous bound, polled.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (DateTime.UtcNow < deadline)
                {
                    held = _emulator.Call("GET", $"workspaces/secondary/requests?since={since}")["requests"]!.Count(r => (string?)r["fault"] == "hung");
                    if (held >= 10) break;
                    Thread.Sleep(100);
                }
                Assert.True(held == 10, $"{held} of 10 calls reached the workspace while it held them");
            }
            finally
            {
                _emulator.Call("POST", "workspaces/secondary/unhang");
            }
            System.Threading.Tasks.Task.WaitAll(calls.ToArray<System.Threading.Tasks.Task>());
        }

        [Fact]
        public void A_refused_connection_is_not_sent_so_even_a_starting_write_is_tried_again_then_unreachable()
        {
            using var t = Transport($"http://127.0.0.1:{ClosedPort()}");
            var ex = Fails(t, Create("refused"));
            Assert.True(ex.IsUnreachable, ex.Message);
            Assert.False(ex.OutcomeUnknown, ex.Message);
            Assert.Equal(TransportErrorCodes.Unreachable, ex.ErrorCode);
            Assert.True(ex.Attempts > 1, $"tried {ex.Attempts} time(s): {ex.Message}");
            Assert.Contains("cannot connect", ex.Message);
        }

        [Fact]
        public void A_name_that_does_not_resolve_is_not_sent_and_unreachable()
        {
            // .invalid never resolves (RFC 6761): the resolver answers at once, nothing leaves the machine.
            using var t = Transport("https://dltdr-framework-lane.invalid");
            var ex = Fails(t, Create("dns"));
            Assert.True(ex.IsUnreachable, ex.Message);
            Assert.False(ex.OutcomeUnknown, ex.Message);
            Assert.True(ex.Attempts > 1, $"tried {ex.Attempts} time(s): {ex.Message}");
        }

        [Fact]
        public void A_failed_tls_handshake_is_not_sent_and_unreachable()
        {
            // https to the emulator's plain-http port: the server answers the handshake with HTTP.
            using var t = Transport(_emulator.Primary.Replace("http://", "https://"));
            var ex = Fails(t, Create("tls"));
            Assert.True(ex.IsUnreachable, ex.Message);
            Assert.False(ex.OutcomeUnknown, ex.Message);
            Assert.True(ex.Attempts > 1, $"tried {ex.Attempts} time(s): {ex.Message}");
            // Nothing reached the workspace's API: its log has no create of this name.
            Assert.DoesNotContain(_emulator.Call("GET", "workspaces/primary/requests")["requests"]!,
                r => ((string?)r["body"] ?? string.Empty).IndexOf("\"tls\"", StringComparison.Ordinal) >= 0);
        }

        [Fact]
        public void A_starting_write_that_times_out_is_outcome_unknown_and_never_repeated()
        {
            WithFault(new JObject { ["kind"] = "hang", ["method"] = "POST", ["count"] = 1 }, () =>
            {
                using var t = Transport(_emulator.Primary, o => o.RequestTimeout = TimeSpan.FromSeconds(1));
                var ex = Fails(t, Create("timed-out"));
                Assert.Equal(TransportErrorCodes.Timeout, ex.ErrorCode);
                Assert.True(ex.OutcomeUnknown, ex.Message);
                Assert.Equal(1, ex.Attempts);
            });
        }

        [Fact]
        public void A_read_that_times_out_is_a_timeout_of_an_unreachable_host_with_nothing_left_unknown()
        {
            WithFault(new JObject { ["kind"] = "hang", ["method"] = "GET", ["count"] = 5 }, () =>
            {
                using var t = Transport(_emulator.Primary, o => { o.RequestTimeout = TimeSpan.FromSeconds(1); o.ProbeTimeout = TimeSpan.FromSeconds(1); });
                var ex = Fails(t, DatabricksRequest.Get("/api/2.0/pipelines"));
                Assert.Equal(TransportErrorCodes.Timeout, ex.ErrorCode);
                Assert.True(ex.IsUnreachable, ex.Message);
                Assert.False(ex.OutcomeUnknown, ex.Message);
            });
        }

        [Fact]
        public void A_connection_lost_after_sending_leaves_a_starting_write_unknown()
        {
            WithFault(new JObject { ["kind"] = "reset", ["method"] = "POST", ["count"] = 1 }, () =>
            {
                using var t = Transport(_emulator.Primary);
                var ex = Fails(t, Create("reset"));
                Assert.Equal(TransportErrorCodes.ConnectionLost, ex.ErrorCode);
                Assert.True(ex.OutcomeUnknown, ex.Message);
                Assert.Equal(1, ex.Attempts);
            });
        }

        [Fact]
        public void A_server_error_is_tried_again_for_a_read_and_never_for_a_starting_write()
        {
            using var t = Transport(_emulator.Primary);
            var since = LastRequest();
            WithFault(new JObject { ["kind"] = "status", ["status"] = 503, ["method"] = "GET", ["count"] = 1 },
                () => Assert.NotNull(t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None).GetAwaiter().GetResult()));
            Assert.Equal(new[] { 503, 200 }, ListingStatuses(since));
            WithFault(new JObject { ["kind"] = "status", ["status"] = 504, ["method"] = "POST", ["count"] = 1 }, () =>
            {
                var ex = Fails(t, Create("gateway"));
                Assert.Equal(504, ex.StatusCode);
                Assert.True(ex.OutcomeUnknown, ex.Message);
                Assert.Equal(1, ex.Attempts);
            });
        }

        [Fact]
        public void Throttled_with_retry_after_waits_and_tries_again()
        {
            using var t = Transport(_emulator.Primary, o => o.RetryDeadline = TimeSpan.FromSeconds(30));
            var since = LastRequest();
            WithFault(new JObject { ["kind"] = "status", ["status"] = 429, ["retry_after_seconds"] = 1, ["method"] = "GET", ["count"] = 1 },
                () => Assert.NotNull(t.SendAsync(DatabricksRequest.Get("/api/2.0/pipelines"), CancellationToken.None).GetAwaiter().GetResult()));
            Assert.Equal(new[] { 429, 200 }, ListingStatuses(since));
        }
    }
}
