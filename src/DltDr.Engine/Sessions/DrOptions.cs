using System;
using System.Net.Http;
using System.Security;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Engine.Time;

namespace DltDr.Engine.Sessions
{
    /// <summary>
    /// What every DR command runs with: the one clock, how long a region may stay silent
    /// (-RegionTimeoutSec, set here and nowhere else), where credentials come from, and where debug
    /// lines go. Each workspace's transport, credentials and polls are derived from it.
    /// </summary>
    public sealed class DrOptions
    {
        /// <summary>The longest a call may wait for a first answer, as the SDKs allow.</summary>
        public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromSeconds(60);

        /// <summary>Every wait, poll, pace, deadline and timeout is measured on it.</summary>
        public Clock Clock { get; set; } = Clock.System;

        /// <summary>
        /// How long a region may stay silent (no answer to any call of the command), retries
        /// included, before it is reported unreachable: a hung region costs this once per command.
        /// </summary>
        public TimeSpan RegionTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Environment variables and the home folder credentials are looked up in.</summary>
        public IEnvironment Environment { get; set; } = ProcessEnvironment.Instance;

        /// <summary>A personal access token for every workspace, instead of each region's auth settings.</summary>
        public SecureString? Token { get; set; }

        /// <summary>Receives one redacted line per call attempt; never headers or bodies.</summary>
        public Action<string>? Debug { get; set; }

        /// <summary>Added to the User-Agent, e.g. the PowerShell version.</summary>
        public string? UserAgentSuffix { get; set; }

        /// <summary>Wraps the HTTP handler of every call (workspaces and token endpoints); a seam for tests.</summary>
        public Func<HttpMessageHandler, HttpMessageHandler>? WrapHandler { get; set; }

        /// <summary>Polls of this command: quick at first, slowing to a cap, on <see cref="Clock"/>.</summary>
        public Polling Polling => new Polling(Clock);

        /// <summary>How one workspace's calls are timed, retried and paced.</summary>
        public TransportOptions Transport() => new TransportOptions
        {
            Clock = Clock,
            Log = Debug,
            UserAgentSuffix = UserAgentSuffix,
            WrapHandler = WrapHandler,
            RetryDeadline = RegionTimeout,
            RequestTimeout = RegionTimeout < MaxRequestTimeout ? RegionTimeout : MaxRequestTimeout,
        };

        /// <summary>What credential providers need: the environment, the clock, the handler seam.</summary>
        public CredentialOptions Credentials() => new CredentialOptions
        {
            Environment = Environment,
            Azure = AzureEndpoints.FromEnvironment(Environment),
            Clock = Clock,
            WrapHandler = WrapHandler,
        };
    }
}
