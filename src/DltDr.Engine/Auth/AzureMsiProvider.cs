using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// An Azure managed identity: the identity endpoint of Azure Automation and App Service
    /// (IDENTITY_ENDPOINT + IDENTITY_HEADER) when set, else the instance metadata service.
    /// System-assigned, or user-assigned with a client id.
    /// </summary>
    public sealed class AzureMsiProvider : CachedTokenProvider
    {
        private readonly string? _clientId;
        private readonly string? _identityEndpoint;
        private readonly string? _identityHeader;
        private readonly string? _resourceId;
        private readonly AzureEndpoints _endpoints;
        private readonly TokenEndpointClient _client;

        public AzureMsiProvider(string? clientId, string? workspaceResourceId, IEnvironment env, AzureEndpoints endpoints,
            TokenEndpointClient client, Time.Clock? clock = null) : base(clock)
        {
            _clientId = clientId;
            _resourceId = workspaceResourceId;
            _identityEndpoint = env.Get("IDENTITY_ENDPOINT");
            _identityHeader = env.Get("IDENTITY_HEADER");
            _endpoints = endpoints;
            _client = client;
        }

        public override string Name => "azure-msi";

        protected override string? WorkspaceResourceId => _resourceId;

        protected override IEnumerable<string> OtherSecrets => _identityHeader != null ? new[] { _identityHeader } : Array.Empty<string>();

        protected override Task<AccessToken> FetchAsync(CancellationToken cancel) => TokenFor(AzureEndpoints.DatabricksResource, cancel);

        protected override async Task<AccessToken?> FetchManagementAsync(CancellationToken cancel)
            => await TokenFor(_endpoints.ManagementResource, cancel).ConfigureAwait(false);

        private Task<AccessToken> TokenFor(string resource, CancellationToken cancel)
        {
            var clientPart = _clientId != null ? "&client_id=" + Uri.EscapeDataString(_clientId) : string.Empty;
            if (_identityEndpoint != null)
            {
                if (_identityHeader == null) throw
                    new CredentialException(Name,
                        "azure-msi: IDENTITY_ENDPOINT is set but IDENTITY_HEADER is not; both come from the Azure Automation or App "
                            + "Service sandbox.");
                var uri =
                    new Uri(_identityEndpoint + (_identityEndpoint.Contains("?") ? "&" : "?") + "api-version=2019-08-01&resource="
                        + Uri.EscapeDataString(resource) + clientPart);
                return _client.GetAsync(Name, uri, new Dictionary<string, string> { ["X-IDENTITY-HEADER"] = _identityHeader }, OtherSecrets,
                    cancel);
            }
            var imds =
                new Uri(_endpoints.InstanceMetadataTokenEndpoint + "?api-version=2018-02-01&resource=" + Uri.EscapeDataString(resource)
                    + clientPart);
            return _client.GetAsync(Name, imds, new Dictionary<string, string> { ["Metadata"] = "true" }, OtherSecrets, cancel);
        }
    }
}
