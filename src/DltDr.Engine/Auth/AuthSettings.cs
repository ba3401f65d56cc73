namespace DltDr.Engine.Auth
{
    /// <summary>
    /// How one workspace should authenticate, as given explicitly (a pair definition's region, a
    /// cmdlet parameter). Unset fields are filled from the environment, then from the
    /// <c>~/.databrickscfg</c> profile, as the Databricks SDKs and CLI do. Never holds a
    /// secret read from a definition file: secrets come from the environment, a profile, or a
    /// parameter at run time.
    /// </summary>
    public sealed class AuthSettings
    {
        /// <summary>pat, oauth-m2m, azure-msi, azure-client-secret, azure-cli or access-token; null picks the one configured.</summary>
        public string? AuthType { get; set; }

        /// <summary>The ~/.databrickscfg section to read; DATABRICKS_CONFIG_PROFILE or DEFAULT when null.</summary>
        public string? Profile { get; set; }

        /// <summary>A personal access token, or with AuthType access-token an access token handed in (e.g. Get-AzAccessToken).</summary>
        public string? Token { get; set; }

        /// <summary>The same as <see cref="Token"/>, given as a SecureString (-Token in PowerShell); wins over Token.</summary>
        public System.Security.SecureString? SecureToken { get; set; }

        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }
        public string? AzureTenantId { get; set; }
        public string? AzureClientId { get; set; }
        public string? AzureClientSecret { get; set; }
        public bool? AzureUseMsi { get; set; }
        public string? AzureWorkspaceResourceId { get; set; }

        /// <summary>For an account host (accounts.azuredatabricks.net): the account, whose own OIDC endpoint issues OAuth tokens.</summary>
        public string? AccountId { get; set; }

        /// <summary>The settings that choose how to sign in (never a token or secret), as a definition gives them.</summary>
        public AuthSettings Choice() => new AuthSettings
        {
            AuthType = AuthType, Profile = Profile, ClientId = ClientId, AzureClientId = AzureClientId, AzureTenantId = AzureTenantId,
            AzureUseMsi = AzureUseMsi, AzureWorkspaceResourceId = AzureWorkspaceResourceId, AccountId = AccountId,
        };

        /// <summary>What makes two hosts' credentials one: the same choice of how to sign in.</summary>
        public string ChoiceKey => string.Join("|", AuthType, Profile, ClientId, AzureClientId, AzureTenantId, AzureUseMsi,
            AzureWorkspaceResourceId, AccountId);
    }
}
