using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// An Entra ID service principal with a client secret (ARM_* variables), with the management-token headers when a workspace resource id
    /// is given.
    /// </summary>
    public sealed class AzureClientSecretProvider : CachedTokenProvider
    {
        private readonly string _tenantId;
        private readonly string _clientId;
        private readonly string _clientSecret;
        private readonly string? _resourceId;
        private readonly AzureEndpoints _endpoints;
        private readonly TokenEndpointClient _client;

        public AzureClientSecretProvider(string tenantId, string clientId, string clientSecret, string? workspaceResourceId,
            AzureEndpoints endpoints, TokenEndpointClient client, Time.Clock? clock = null) : base(clock)
        {
            _tenantId = tenantId;
            _clientId = clientId;
            _clientSecret = clientSecret;
            _resourceId = workspaceResourceId;
            _endpoints = endpoints;
            _client = client;
        }

        public override string Name => "azure-client-secret";

        protected override string? WorkspaceResourceId => _resourceId;

        protected override IEnumerable<string> OtherSecrets => new[] { _clientSecret };

        protected override Task<AccessToken> FetchAsync(CancellationToken cancel)
            => TokenFor(AzureEndpoints.DatabricksResource + "/.default", cancel);

        protected override async Task<AccessToken?> FetchManagementAsync(CancellationToken cancel)
            => await TokenFor(_endpoints.ManagementResource + ".default", cancel).ConfigureAwait(false);

        private Task<AccessToken> TokenFor(string scope, CancellationToken cancel)
            => _client.PostFormAsync(Name, new Uri(_endpoints.AuthorityHost, Uri.EscapeDataString(_tenantId) + "/oauth2/v2.0/token"),
                new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = _clientId,
                    ["client_secret"] = _clientSecret,
                    ["scope"] = scope,
                }, null, OtherSecrets, cancel);
    }
}
