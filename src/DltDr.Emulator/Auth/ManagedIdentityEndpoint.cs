using System;
using System.Globalization;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Auth
{
    /// <summary>
    /// A stand-in for the managed identity endpoint an Azure Automation sandbox (or App Service)
    /// offers through IDENTITY_ENDPOINT and IDENTITY_HEADER (api-version 2019-08-01): a GET with
    /// the resource, answered with a bearer token that every emulated workspace accepts as the
    /// identity, even one limited to given tokens. Served on the control port, which stays up
    /// while a workspace is down, as the sandbox's endpoint does during a region's outage.
    /// </summary>
    public sealed class ManagedIdentityEndpoint
    {
        /// <summary>The client id of the system-assigned identity (a user-assigned one is the client_id asked for).</summary>
        public const string SystemAssignedClientId = "7d3f6c1e-5b2a-4c8d-9e0f-a1b2c3d4e5f6";

        public const string Path = "/control/identity/token";
        public const string ApiVersion = "2019-08-01";

        public ManagedIdentityEndpoint()
        {
            var bytes = new byte[24];
            RandomNumberGenerator.Fill(bytes);
            Header = Convert.ToBase64String(bytes);
        }

        /// <summary>The secret the caller must send as X-IDENTITY-HEADER (IDENTITY_HEADER in the sandbox).</summary>
        public string Header { get; }

        public int Requests { get; private set; }

        private readonly System.Collections.Generic.Dictionary<string, string> _resources =
            new System.Collections.Generic.Dictionary<string, string>(System.StringComparer.Ordinal);

        /// <summary>The resource a token was issued for (https://storage.azure.com/, the Databricks app id), or null.</summary>
        public string? ResourceOf(string token) => _resources.TryGetValue(token, out var r) ? r : null;

        /// <summary>The token answer, or an error (status, message) as the sandbox gives it.</summary>
        public (int Status, JObject Body, string? Token, string? ClientId) Issue(string? header, string? apiVersion, string? resource,
            string? clientId, TimeSpan lifetime, DateTimeOffset now)
        {
            Requests++;
            if (string.IsNullOrEmpty(header)
                || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(header),
                    System.Text.Encoding.UTF8.GetBytes(Header)))
                return (401, Error("The X-IDENTITY-HEADER header is missing or wrong."), null, null);
            if (apiVersion != ApiVersion)
                return (400, Error($"api-version '{apiVersion}' is not supported here: use {ApiVersion}."), null, null);
            if (string.IsNullOrWhiteSpace(resource))
                return (400, Error("The resource query parameter is required."), null, null);
            var bytes = new byte[32];
            RandomNumberGenerator.Fill(bytes);
            var token = "eyJtc2kiOnRydWV9." + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var principal = string.IsNullOrWhiteSpace(clientId) ? SystemAssignedClientId : clientId!;
            var body = new JObject
            {
                ["access_token"] = token,
                ["expires_on"] = (now + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = principal,
            };
            _resources[token] = resource!;
            return (200, body, token, principal);
        }

        private static JObject Error(string message) => new JObject { ["error"] = "invalid_request", ["error_description"] = message };
    }
}
