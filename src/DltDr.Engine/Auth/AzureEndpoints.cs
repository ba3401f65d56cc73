using System;

namespace DltDr.Engine.Auth
{
    /// <summary>Every Azure address authentication may call, configurable so tests point them at loopback stand-ins.</summary>
    public sealed class AzureEndpoints
    {
        /// <summary>The Azure Databricks application, the resource its Entra ID tokens are for.</summary>
        public const string DatabricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

        public Uri AuthorityHost { get; set; } = new Uri("https://login.microsoftonline.com/");

        /// <summary>The instance metadata service's token endpoint (used when IDENTITY_ENDPOINT is not set).</summary>
        public Uri InstanceMetadataTokenEndpoint { get; set; } = new Uri("http://169.254.169.254/metadata/identity/oauth2/token");

        public string ManagementResource { get; set; } = "https://management.core.windows.net/";

        /// <summary>The Azure CLI command.</summary>
        public string AzCommand { get; set; } = "az";
    }
}
