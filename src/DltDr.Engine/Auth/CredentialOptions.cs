using System;
using System.Net.Http;

namespace DltDr.Engine.Auth
{
    /// <summary>What credential providers need besides settings: the environment, Azure endpoints, an HTTP handler and a clock.</summary>
    public sealed class CredentialOptions
    {
        public IEnvironment Environment { get; set; } = ProcessEnvironment.Instance;
        public AzureEndpoints Azure { get; set; } = new AzureEndpoints();

        /// <summary>The handler token endpoints are called through; a default one when null.</summary>
        public HttpMessageHandler? Handler { get; set; }

        public Func<DateTimeOffset>? UtcNow { get; set; }
    }
}
