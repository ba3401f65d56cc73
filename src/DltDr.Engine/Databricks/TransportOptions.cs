using System;
using System.Net.Http;
using DltDr.Engine.Time;

namespace DltDr.Engine.Databricks
{
    /// <summary>Timeouts, retry bounds and the seams tests use (delay, clock, handler).</summary>
    public sealed class TransportOptions
    {
        /// <summary>How long one attempt may take before it counts as timed out (the SDKs use about 60 s).</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How long a call may go on retrying in all, its attempts and waits counted (the SDKs use about 5 minutes).</summary>
        public TimeSpan RetryDeadline { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// How long a call answered 429 (the workspace's request limit) may go on retrying: as long as the SDKs allow any call.
        /// </summary>
        public TimeSpan ThrottledRetryDeadline { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Calls in flight to the host at once; more wait their turn (not counted in their timeout).</summary>
        public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

        public const int DefaultMaxConcurrentRequests = 64;

        /// <summary>
        /// Pace calls per endpoint class under the workspace's documented request limits, slowing further on 429 (see
        /// <see cref="RequestPacer"/>).
        /// </summary>
        public bool PaceRequests { get; set; } = true;

        /// <summary>How often a refused connection is tried again before the host is judged unreachable.</summary>
        public int ConnectRetries { get; set; } = 3;

        /// <summary>The first wait after a refused connection, doubling: 250, 500, 1000 ms by default, under 2 s in all.</summary>
        public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>The timeout of a call to a host that already left one call unanswered in this command.</summary>
        public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The clock every wait, pace, timeout and deadline of the transport is measured on.</summary>
        public Clock Clock { get; set; } = Clock.System;

        /// <summary>Receives one redacted line per attempt (for -Debug); never headers or bodies.</summary>
        public Action<string>? Log { get; set; }

        /// <summary>The HTTP handler; a default one (no proxy for loopback) when null.</summary>
        public HttpMessageHandler? Handler { get; set; }

        /// <summary>Wraps the handler (given or default) of every call; a seam for tests.</summary>
        public Func<HttpMessageHandler, HttpMessageHandler>? WrapHandler { get; set; }

        /// <summary>Added to the User-Agent, e.g. the PowerShell edition.</summary>
        public string? UserAgentSuffix { get; set; }
    }
}
