using System;

namespace DltDr.Engine.Auth
{
    /// <summary>Every Azure address authentication may call, configurable so tests point them at loopback stand-ins.</summary>
    public sealed class AzureEndpoints
    {
        /// <summary>The Azure SDKs' variable for the Entra ID authority (sovereign clouds, or a stand-in).</summary>
        public const string AuthorityHostVariable = "AZURE_AUTHORITY_HOST";

        /// <summary>DltDr's variable for the instance metadata token endpoint.</summary>
        public const string ImdsEndpointVariable = "DLTDR_IMDS_ENDPOINT";

        /// <summary>The Azure Databricks application, the resource its Entra ID tokens are for.</summary>
        public const string DatabricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

        public Uri AuthorityHost { get; set; } = new Uri("https://login.microsoftonline.com/");

        /// <summary>The instance metadata service's token endpoint (used when IDENTITY_ENDPOINT is not set).</summary>
        public Uri InstanceMetadataTokenEndpoint { get; set; } = new Uri("http://169.254.169.254/metadata/identity/oauth2/token");

        public string ManagementResource { get; set; } = "https://management.core.windows.net/";

        /// <summary>The Azure CLI command.</summary>
        public string AzCommand { get; set; } = "az";

        /// <summary>
        /// The defaults, with AZURE_AUTHORITY_HOST and DLTDR_IMDS_ENDPOINT applied; a value that is not an absolute URL is an error naming
        /// the variable.
        /// </summary>
        public static AzureEndpoints FromEnvironment(IEnvironment env)
        {
            var endpoints = new AzureEndpoints();
            var authority = env.Get(AuthorityHostVariable);
            if (!string.IsNullOrWhiteSpace(authority)) endpoints.AuthorityHost = Absolute(AuthorityHostVariable,
                authority!.EndsWith("/", StringComparison.Ordinal) ? authority : authority + "/");
            var imds = env.Get(ImdsEndpointVariable);
            if (!string.IsNullOrWhiteSpace(imds)) endpoints.InstanceMetadataTokenEndpoint = Absolute(ImdsEndpointVariable, imds!);
            return endpoints;
        }

        private static Uri Absolute(string variable, string value) =>
            Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? uri
                : throw new CredentialException("azure", $"{variable} is '{value}', which is not an absolute http(s) URL.");
    }
}
