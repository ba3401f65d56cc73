using System;
using System.Security;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>Builds a region's WorkspaceClient from its definition and the command's options.</summary>
    internal sealed class WorkspaceClients
    {
        private readonly IEnvironment _env;
        private readonly SecureString? _token;
        private readonly Action<string> _debug;
        private readonly TimeSpan _regionTimeout;

        /// <param name="regionTimeout">Bounds each attempt and all retries of a call, so an unreachable region costs at most this long.</param>
        public WorkspaceClients(IEnvironment env, SecureString? token, Action<string> debug, TimeSpan regionTimeout)
        {
            _env = env;
            _token = token;
            _debug = debug;
            _regionTimeout = regionTimeout;
        }

        /// <summary>A client for the region; credential problems surface as CredentialException.</summary>
        public WorkspaceClient For(PairDefinition pair, Region region)
        {
            var r = pair[region];
            // -Token replaces the region's auth settings (as its help says): a runbook's token must
            // not be ignored because the definition names a managed identity.
            var settings = _token != null ? new AuthSettings { AuthType = "pat", SecureToken = _token } : new AuthSettings
            {
                AuthType = r.Auth.AuthType,
                Profile = r.Auth.Profile,
                ClientId = r.Auth.ClientId,
                AzureClientId = r.Auth.AzureClientId,
                AzureTenantId = r.Auth.AzureTenantId,
                AzureUseMsi = r.Auth.AzureUseMsi,
                AzureWorkspaceResourceId = r.Auth.AzureWorkspaceResourceId,
            };
            var credentials = CredentialResolver.Resolve(r.Host, settings, new CredentialOptions { Environment = _env, Azure = AzureEndpoints.FromEnvironment(_env) });
            var options = new TransportOptions
            {
                Log = _debug,
                UserAgentSuffix = "pwsh/" + PSVersion(),
                RetryDeadline = _regionTimeout,
                RequestTimeout = _regionTimeout < TimeSpan.FromSeconds(60) ? _regionTimeout : TimeSpan.FromSeconds(60),
            };
            return new WorkspaceClient(r.Host, credentials, options);
        }

        /// <summary>What makes two regions one client: the same host with the same credential settings.</summary>
        public static string Key(RegionDefinition r)
        {
            var a = r.Auth;
            return string.Join("|", r.Host.GetLeftPart(UriPartial.Authority).ToLowerInvariant(), a.AuthType, a.Profile, a.ClientId, a.AzureClientId, a.AzureTenantId, a.AzureUseMsi, a.AzureWorkspaceResourceId);
        }

        private static string PSVersion() => typeof(System.Management.Automation.PSObject).Assembly.GetName().Version?.ToString(2) ?? "0";
    }
}
