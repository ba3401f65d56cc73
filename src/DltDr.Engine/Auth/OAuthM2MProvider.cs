using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>Databricks OAuth machine-to-machine: a service principal's client id and secret exchanged at the workspace's token endpoint.</summary>
    public sealed class OAuthM2MProvider : CachedTokenProvider
    {
        private readonly Uri _tokenEndpoint;
        private readonly string _clientId;
        private readonly string _clientSecret;
        private readonly TokenEndpointClient _client;

        public OAuthM2MProvider(Uri workspaceHost, string clientId, string clientSecret, TokenEndpointClient client, Func<DateTimeOffset>? utcNow = null) : base(utcNow)
        {
            _tokenEndpoint = new Uri(new Uri(workspaceHost.GetLeftPart(UriPartial.Authority)), "/oidc/v1/token");
            _clientId = clientId;
            _clientSecret = clientSecret;
            _client = client;
        }

        public override string Name => "oauth-m2m";

        protected override IEnumerable<string> OtherSecrets => new[] { _clientSecret };

        protected override Task<AccessToken> FetchAsync(CancellationToken cancel)
            => _client.PostFormAsync(Name, _tokenEndpoint,
                new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "all-apis" },
                TokenEndpointClient.Basic(_clientId, _clientSecret), OtherSecrets, cancel);
    }
}
