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

        /// <summary>Wraps the handler (given or default) of every token endpoint call; a seam for tests.</summary>
        public Func<HttpMessageHandler, HttpMessageHandler>? WrapHandler { get; set; }

        /// <summary>Token lifetimes and the token endpoints' timeout are measured on it.</summary>
        public Time.Clock Clock { get; set; } = Time.Clock.System;
    }
}
