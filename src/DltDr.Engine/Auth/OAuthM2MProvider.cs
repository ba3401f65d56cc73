using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// Databricks OAuth machine-to-machine: a service principal's client id and secret exchanged at
    /// the workspace's token endpoint. The endpoint is discovered as the Databricks SDKs do: the
    /// host's metadata (/.well-known/databricks-config) names the OIDC endpoint, whose
    /// oauth-authorization-server document names the token endpoint; a host without metadata is
    /// asked at /oidc, and /oidc/v1/token is the last resort. On an account host (an account id
    /// given) the account's own endpoint comes first: /oidc/accounts/{account_id}, as the SDKs do
    /// for account-level calls. The secret is only ever sent to the host's own address.
    /// </summary>
    public sealed class OAuthM2MProvider : CachedTokenProvider
    {
        public const string HostMetadataPath = "/.well-known/databricks-config";
        public const string DiscoverySuffix = "/.well-known/oauth-authorization-server";

        private readonly Uri _host;
        private readonly string _clientId;
        private readonly string _clientSecret;
        private readonly TokenEndpointClient _client;
        private readonly string? _accountId;
        private Uri? _tokenEndpoint;

        public OAuthM2MProvider(Uri workspaceHost, string clientId, string clientSecret, TokenEndpointClient client,
            Time.Clock? clock = null, string? accountId = null) : base(clock)
        {
            _accountId = accountId;
            _host = new Uri(workspaceHost.GetLeftPart(UriPartial.Authority));
            _clientId = clientId;
            _clientSecret = clientSecret;
            _client = client;
        }

        public override string Name => "oauth-m2m";

        /// <summary>The token endpoint used, once discovered.</summary>
        public Uri? TokenEndpoint => _tokenEndpoint;

        protected override IEnumerable<string> OtherSecrets => new[] { _clientSecret };

        protected override async Task<AccessToken> FetchAsync(CancellationToken cancel)
        {
            _tokenEndpoint ??= await DiscoverAsync(cancel).ConfigureAwait(false);
            return await _client.PostFormAsync(Name, _tokenEndpoint,
                new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "all-apis" },
                TokenEndpointClient.Basic(_clientId, _clientSecret), OtherSecrets, cancel).ConfigureAwait(false);
        }

        private async Task<Uri> DiscoverAsync(CancellationToken cancel)
        {
            if (_accountId != null)
            {
                var account = new Uri(_host, "/oidc/accounts/" + Uri.EscapeDataString(_accountId));
                var found = await _client.TryGetJsonAsync(new Uri(account.AbsoluteUri + DiscoverySuffix), cancel).ConfigureAwait(false);
                return OwnUri((string?)found?["token_endpoint"]) ?? new Uri(account.AbsoluteUri + "/v1/token");
            }
            var metadata = await _client.TryGetJsonAsync(new Uri(_host, HostMetadataPath), cancel).ConfigureAwait(false);
            var oidc = OwnUri(Substitute((string?)metadata?["oidc_endpoint"], (string?)metadata?["account_id"]));
            foreach (var candidate in new[] { oidc, new Uri(_host, "/oidc") })
            {
                if (candidate == null) continue;
                var discovery = await _client.TryGetJsonAsync(new Uri(candidate.GetLeftPart(UriPartial.Path).TrimEnd('/')
                    + DiscoverySuffix), cancel).ConfigureAwait(false);
                if (OwnUri((string?)discovery?["token_endpoint"]) is Uri token) return token;
            }
            return new Uri(_host, "/oidc/v1/token");
        }

        /// <summary>An account-level OIDC endpoint names its account as a placeholder.</summary>
        private static string? Substitute(string? endpoint, string? accountId)
            => endpoint != null && accountId != null ? endpoint.Replace("{account_id}", accountId) : endpoint;

        /// <summary>A discovered address on the workspace's own scheme, host and port; anything else is ignored.</summary>
        private Uri? OwnUri(string? text)
            => text != null && Uri.TryCreate(text, UriKind.Absolute, out var uri)
               && string.Equals(uri.GetLeftPart(UriPartial.Authority), _host.GetLeftPart(UriPartial.Authority),
                   StringComparison.OrdinalIgnoreCase)
                ? uri
                : null;
    }
}
