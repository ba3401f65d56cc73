using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// The netstandard2.0 code path as Windows PowerShell 5.1 (.NET Framework) drives it. This
    /// machine has no .NET Framework, so its HttpClientHandler is stood in for by one that throws
    /// what the Framework's does: an HttpRequestException around a WebException with its status.
    /// </summary>
    public sealed class WindowsPowerShellTransportTests
    {
        private sealed class FrameworkFailure : HttpMessageHandler
        {
            private readonly WebExceptionStatus _status;

            public FrameworkFailure(WebExceptionStatus status) => _status = status;

            public int Calls { get; private set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Calls++;
                throw new HttpRequestException("An error occurred while sending the request.", new WebException($"The request failed: {_status}.", _status));
            }
        }

        private static async Task<(DatabricksApiException Error, int Calls)> Start(WebExceptionStatus status)
        {
            var handler = new FrameworkFailure(status);
            var options = new TransportOptions
            {
                Handler = handler,
                Clock = new DltDr.Tests.Infrastructure.SteppingClock(),
                RetryDeadline = TimeSpan.FromSeconds(30),
            };
            using var t = new DatabricksTransport(new Uri("https://adb-1111.11.azuredatabricks.net"), new StaticTokenProvider("pat", "dapi0123456789abcdef0123456789abcdef"), options);
            var create = new DatabricksRequest(HttpMethod.Post, "/api/2.0/pipelines", CallKind.StartingWrite, new JObject { ["name"] = "p" });
            var error = await Assert.ThrowsAsync<DatabricksApiException>(() => t.SendAsync(create, CancellationToken.None));
            return (error, handler.Calls);
        }

        [Theory]
        [InlineData(WebExceptionStatus.NameResolutionFailure)]
        [InlineData(WebExceptionStatus.ConnectFailure)]
        [InlineData(WebExceptionStatus.SecureChannelFailure)]
        [InlineData(WebExceptionStatus.TrustFailure)]
        [InlineData(WebExceptionStatus.ProxyNameResolutionFailure)]
        public async Task Dns_connect_and_tls_failures_are_not_sent_so_even_a_starting_write_is_retried_and_reported_unreachable(WebExceptionStatus status)
        {
            var (error, calls) = await Start(status);
            Assert.True(error.IsUnreachable);
            Assert.False(error.OutcomeUnknown);
            Assert.True(calls > 1, $"{status}: tried {calls} time(s)");
        }

        [Theory]
        [InlineData(WebExceptionStatus.ReceiveFailure)]
        [InlineData(WebExceptionStatus.ConnectionClosed)]
        [InlineData(WebExceptionStatus.KeepAliveFailure)]
        public async Task A_connection_lost_after_sending_leaves_a_starting_write_unknown_and_never_repeated(WebExceptionStatus status)
        {
            var (error, calls) = await Start(status);
            Assert.True(error.OutcomeUnknown);
            Assert.Equal(1, calls);
        }

        [Theory]
        [InlineData(SecurityProtocolType.Tls, SecurityProtocolType.Tls | SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.Tls | SecurityProtocolType.Tls11, SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.Tls12, SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.Tls13, SecurityProtocolType.Tls13 | SecurityProtocolType.Tls12)]
        [InlineData(SecurityProtocolType.SystemDefault, SecurityProtocolType.SystemDefault)]
        public void Tls12_is_added_to_what_the_process_enables_never_replacing_it(SecurityProtocolType current, SecurityProtocolType expected)
            => Assert.Equal(expected, Tls.WithTls12(current));

        [Theory]
        [InlineData(2, 64)]
        [InlineData(64, 64)]
        [InlineData(500, 500)]
        public void The_connection_limit_is_raised_to_the_calls_in_flight_per_host_and_never_lowered(int current, int expected)
            => Assert.Equal(expected, Tls.WithConnectionLimit(current));
    }
}
