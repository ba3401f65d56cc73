using System;
using System.Collections.Generic;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// Chooses how a workspace authenticates, as the Databricks SDKs' unified authentication does:
    /// each setting from what was given, else the environment, else the <c>~/.databrickscfg</c>
    /// profile; then the auth type named, or the one method configured. None, or more than one,
    /// is an error that lists what was looked at and what to set.
    /// </summary>
    public static class CredentialResolver
    {
        public static readonly IReadOnlyList<string> Methods = new[] { "pat", "oauth-m2m", "azure-msi", "azure-client-secret", "azure-cli",
            "access-token" };

        public static ICredentialProvider Resolve(Uri host, AuthSettings given, CredentialOptions options)
        {
            var env = options.Environment;
            var s = Merge(host, given, env);
            // Only the methods that call a token endpoint get an HTTP client.
            TokenEndpointClient Client() => new TokenEndpointClient(Wrapped(options), options.Clock);
            var authType = s.AuthType?.Trim().ToLowerInvariant();
            if (authType == null)
            {
                var configured = new List<string>();
                if (s.Token != null || given.SecureToken != null) configured.Add("pat");
                if (s.ClientId != null && s.ClientSecret != null) configured.Add("oauth-m2m");
                if (s.AzureUseMsi == true) configured.Add("azure-msi");
                if (s.AzureClientId != null && s.AzureClientSecret != null
                    && s.AzureTenantId != null) configured.Add("azure-client-secret");
                if (configured.Count > 1)
                {
                    throw new CredentialException("default",
                        $"More than one authentication method is configured for {Authority(host)}: "
                            + $"{string.Join(" and ", configured)}. Set auth_type (the -AuthType parameter or the pair's auth.type) "
                                + $"to choose one.");
                }
                if (configured.Count == 0)
                {
                    if (IsAzureWorkspace(host) || s.AzureWorkspaceResourceId != null)
                    {
                        authType = "azure-cli"; // the SDKs' last resort on Azure
                    }
                    else
                    {
                        throw new CredentialException("default",
                            $"No credentials are configured for {Authority(host)}. Tried: pat (DATABRICKS_TOKEN or token), oauth-m2m "
                                + $"(DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET), azure-msi (ARM_USE_MSI or azure_use_msi), "
                                    + $"azure-client-secret (ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_TENANT_ID), in the environment "
                                        + $"and in the ~/.databrickscfg profile. Set one of them, or name a profile.");
                    }
                }
                else
                {
                    authType = configured[0];
                }
            }

            switch (authType)
            {
                case "pat":
                    return given.SecureToken != null ? new StaticTokenProvider("pat", given.SecureToken)
                        : new StaticTokenProvider("pat",
                            Require(s.Token, "pat", "a token (DATABRICKS_TOKEN, the profile's token, or -Token)"));
                case "access-token":
                    return given.SecureToken != null ? new StaticTokenProvider("access-token", given.SecureToken)
                        : new StaticTokenProvider("access-token", Require(s.Token, "access-token", "the access token (-AccessToken)"));
                case "oauth-m2m":
                    return new OAuthM2MProvider(host, Require(s.ClientId, authType, "DATABRICKS_CLIENT_ID or client_id"),
                        Require(s.ClientSecret, authType, "DATABRICKS_CLIENT_SECRET or client_secret"), Client(), options.Clock,
                        s.AccountId);
                case "azure-msi":
                    return new AzureMsiProvider(s.AzureClientId, s.AzureWorkspaceResourceId, env, options.Azure, Client(), options.Clock);
                case "azure-client-secret":
                    return new AzureClientSecretProvider(Require(s.AzureTenantId, authType, "ARM_TENANT_ID or azure_tenant_id"),
                        Require(s.AzureClientId, authType, "ARM_CLIENT_ID or azure_client_id"),
                        Require(s.AzureClientSecret, authType, "ARM_CLIENT_SECRET or azure_client_secret"), s.AzureWorkspaceResourceId,
                            options.Azure, Client(), options.Clock);
                case "azure-cli":
                    return new AzureCliProvider(s.AzureTenantId, options.Azure, options.Clock);
                default:
                    throw new CredentialException("default",
                        $"Unknown auth type '{s.AuthType}'. Use one of: {string.Join(", ", Methods)}.");
            }
        }

        /// <summary>The token endpoints' handler: the one given or a default, wrapped when asked.</summary>
        private static System.Net.Http.HttpMessageHandler? Wrapped(CredentialOptions options)
            => options.WrapHandler == null ? options.Handler
                : options.WrapHandler(options.Handler ?? new System.Net.Http.HttpClientHandler());

        /// <summary>
        /// Each setting: given, else environment, else profile. The profile's host, when it has one, must be this workspace.
        /// </summary>
        internal static AuthSettings Merge(Uri host, AuthSettings given, IEnvironment env)
        {
            var file = ConfigFile.Load(env);
            var profileName = given.Profile ?? env.Get("DATABRICKS_CONFIG_PROFILE");
            IReadOnlyDictionary<string, string>? profile = null;
            if (profileName != null)
            {
                if (file == null) throw
                    new CredentialException("default",
                        $"The profile '{profileName}' was asked for, but there is no Databricks config file "
                            + $"({env.Get("DATABRICKS_CONFIG_FILE") ?? "~/.databrickscfg"}).");
                profile = file.Section(profileName)
                    ?? throw new CredentialException("default",
                        $"The profile '{profileName}' is not in {file.Path}. Profiles there: {string.Join(", ", file.Profiles)}.");
            }
            else if (file != null)
            {
                profile = file.Section(ConfigFile.DefaultProfile);
            }
            string? P(string key) => profile != null && profile.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

            var profileHost = P("host");
            if (profileHost != null && profileName != null && !SameHost(profileHost, host))
            {
                throw new CredentialException("default", $"The profile '{profileName}' is for {profileHost}, not for {Authority(host)}.");
            }
            if (profileHost != null && profileName == null && !SameHost(profileHost, host))
            {
                profile = null; // The DEFAULT profile belongs to another workspace: do not borrow its credentials.
            }

            return new AuthSettings
            {
                AuthType = given.AuthType ?? env.Get("DATABRICKS_AUTH_TYPE") ?? P("auth_type"),
                Profile = profileName,
                Token = given.Token ?? env.Get("DATABRICKS_TOKEN") ?? P("token"),
                ClientId = given.ClientId ?? env.Get("DATABRICKS_CLIENT_ID") ?? P("client_id"),
                ClientSecret = given.ClientSecret ?? env.Get("DATABRICKS_CLIENT_SECRET") ?? P("client_secret"),
                AzureTenantId = given.AzureTenantId ?? env.Get("ARM_TENANT_ID") ?? P("azure_tenant_id"),
                AzureClientId = given.AzureClientId ?? env.Get("ARM_CLIENT_ID") ?? P("azure_client_id"),
                AzureClientSecret = given.AzureClientSecret ?? env.Get("ARM_CLIENT_SECRET") ?? P("azure_client_secret"),
                AzureUseMsi = given.AzureUseMsi ?? ParseBool(env.Get("ARM_USE_MSI")) ?? ParseBool(P("azure_use_msi")),
                AzureWorkspaceResourceId = given.AzureWorkspaceResourceId ?? env.Get("DATABRICKS_AZURE_RESOURCE_ID")
                    ?? P("azure_workspace_resource_id"),
                AccountId = given.AccountId,
            };
        }

        private static bool? ParseBool(string? v) => v == null ? (bool?)null : v.Equals("true", StringComparison.OrdinalIgnoreCase)
            || v == "1";

        private static string Require(string? value, string method, string what)
            => value ?? throw new CredentialException(method, $"{method} needs {what}, which is not set.");

        private static bool SameHost(string profileHost, Uri host)
            => Uri.TryCreate(profileHost.Contains("://") ? profileHost : "https://" + profileHost, UriKind.Absolute, out var p)
               && string.Equals(p.Host, host.Host, StringComparison.OrdinalIgnoreCase)
                   && (p.IsDefaultPort || host.IsDefaultPort || p.Port == host.Port);

        private static bool IsAzureWorkspace(Uri host) => host.Host.EndsWith(".azuredatabricks.net", StringComparison.OrdinalIgnoreCase);

        private static string Authority(Uri host) => host.GetLeftPart(UriPartial.Authority);
    }
}
