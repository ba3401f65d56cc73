using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    public sealed class AuthTests : IDisposable
    {
        private static readonly Uri Workspace = new Uri("https://adb-1111111111111111.11.azuredatabricks.net");
        private readonly string _home = Directory.CreateTempSubdirectory("dltdr-auth-").FullName;

        public void Dispose() => Directory.Delete(_home, true);

        private FakeEnvironment Env() => new FakeEnvironment(_home);

        private CredentialOptions Options(FakeEnvironment env) => new CredentialOptions { Environment = env };

        /// <summary>A stand-in for the Azure CLI: prints <paramref name="stdout"/> for 'account get-access-token', or fails.</summary>
        private string FakeAz(string? stdout, string? stderr, int exitCode)
        {
            if (OperatingSystem.IsWindows())
            {
                var cmd = Path.Combine(_home, "az.cmd");
                File.WriteAllText(cmd, "@echo off\r\n" + (stdout != null ? "echo " + stdout + "\r\n" : string.Empty) + (stderr != null ? "echo " + stderr + " 1>&2\r\n" : string.Empty) + "exit /b " + exitCode + "\r\n");
                return cmd;
            }
            var sh = Path.Combine(_home, "az");
            File.WriteAllText(sh, "#!/bin/sh\nif [ \"$1 $2\" != \"account get-access-token\" ]; then echo unexpected >&2; exit 3; fi\n"
                + (stdout != null ? "echo '" + stdout + "'\n" : string.Empty) + (stderr != null ? "echo '" + stderr + "' >&2\n" : string.Empty) + "exit " + exitCode + "\n");
            File.SetUnixFileMode(sh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return sh;
        }

        private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_home, ".databrickscfg"), text);

        [Fact]
        public void With_nothing_configured_the_error_lists_what_was_tried()
        {
            var ex = Assert.Throws<CredentialException>(() => CredentialResolver.Resolve(new Uri("https://dbc-1.cloud.databricks.com"), new AuthSettings(), Options(Env())));
            Assert.StartsWith("No credentials are configured for https://dbc-1.cloud.databricks.com. Tried: pat (DATABRICKS_TOKEN or token), oauth-m2m", ex.Message);
        }

        [Fact]
        public void On_Azure_with_nothing_configured_the_Azure_CLI_is_the_last_resort()
            => Assert.Equal("azure-cli", CredentialResolver.Resolve(Workspace, new AuthSettings(), Options(Env())).Name);

        [Fact]
        public void Two_methods_configured_at_once_is_an_error_naming_both()
        {
            var env = Env().Set("DATABRICKS_TOKEN", "dapi-x").Set("DATABRICKS_CLIENT_ID", "id").Set("DATABRICKS_CLIENT_SECRET", "secret");
            var ex = Assert.Throws<CredentialException>(() => CredentialResolver.Resolve(Workspace, new AuthSettings(), Options(env)));
            Assert.Equal($"More than one authentication method is configured for {Workspace.GetLeftPart(UriPartial.Authority)}: pat and oauth-m2m. Set auth_type (the -AuthType parameter or the pair's auth.type) to choose one.", ex.Message);
            Assert.DoesNotContain("secret", ex.Message.Replace("CLIENT_SECRET", string.Empty).Replace("client_secret", string.Empty));
            Assert.Equal("oauth-m2m", CredentialResolver.Resolve(Workspace, new AuthSettings { AuthType = "oauth-m2m" }, Options(env)).Name);
        }

        [Fact]
        public void Given_settings_beat_the_environment_which_beats_the_profile()
        {
            WriteConfig("[DEFAULT]\nhost = " + Workspace + "\ntoken = dapi-from-profile\n");
            var env = Env();
            Assert.Contains("dapi-from-profile", CredentialResolver.Resolve(Workspace, new AuthSettings(), Options(env)).Secrets);
            env.Set("DATABRICKS_TOKEN", "dapi-from-env");
            Assert.Contains("dapi-from-env", CredentialResolver.Resolve(Workspace, new AuthSettings(), Options(env)).Secrets);
            Assert.Contains("dapi-given", CredentialResolver.Resolve(Workspace, new AuthSettings { Token = "dapi-given" }, Options(env)).Secrets);
        }

        [Fact]
        public void A_named_profile_is_read_from_DATABRICKS_CONFIG_FILE_and_must_match_the_host()
        {
            var file = Path.Combine(_home, "custom.cfg");
            File.WriteAllText(file, "; comment\n[primary]\nhost = https://adb-1111111111111111.11.azuredatabricks.net/\nclient_id = sp-id\nclient_secret = sp-secret\n\n[secondary]\nhost = https://adb-2222.22.azuredatabricks.net\ntoken = dapi-2\n");
            var env = Env().Set("DATABRICKS_CONFIG_FILE", file);
            Assert.Equal("oauth-m2m", CredentialResolver.Resolve(Workspace, new AuthSettings { Profile = "primary" }, Options(env)).Name);

            var wrongHost = Assert.Throws<CredentialException>(() => CredentialResolver.Resolve(Workspace, new AuthSettings { Profile = "secondary" }, Options(env)));
            Assert.Equal($"The profile 'secondary' is for https://adb-2222.22.azuredatabricks.net, not for {Workspace.GetLeftPart(UriPartial.Authority)}.", wrongHost.Message);

            var missing = Assert.Throws<CredentialException>(() => CredentialResolver.Resolve(Workspace, new AuthSettings { Profile = "dr" }, Options(env)));
            Assert.Equal($"The profile 'dr' is not in {file}. Profiles there: primary, secondary.", missing.Message);

            env.Set("DATABRICKS_CONFIG_PROFILE", "primary");
            Assert.Equal("oauth-m2m", CredentialResolver.Resolve(Workspace, new AuthSettings(), Options(env)).Name);
        }

        [Fact]
        public async Task A_token_given_as_a_SecureString_reaches_the_workspace_through_one_client()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Read(w => { w.Auth.Restrict(new[] { ("dapi-secure-0123", "ops@corp", false) }, Array.Empty<(string, string)>()); return 0; });
            var secure = new System.Security.SecureString();
            foreach (var c in "dapi-secure-0123") secure.AppendChar(c);
            var creds = CredentialResolver.Resolve(new Uri(h.Url("primary")), new AuthSettings { SecureToken = secure }, Options(Env()));
            Assert.Equal("pat", creds.Name);
            using var client = new WorkspaceClient(new Uri(h.Url("primary")), creds);
            await client.Workspace.MkdirsAsync("/Shared/x", CancellationToken.None);
            Assert.NotNull(await client.Workspace.GetStatusAsync("/Shared/x", CancellationToken.None));
            Assert.Empty(await client.Pipelines.ListAsync(null, CancellationToken.None));
            Assert.All(h["primary"].Requests.Entries, e => Assert.Equal("ops@corp", e.User));
        }

        [Fact]
        public void An_unknown_auth_type_names_the_allowed_ones()
        {
            var ex = Assert.Throws<CredentialException>(() => CredentialResolver.Resolve(Workspace, new AuthSettings { AuthType = "kerberos" }, Options(Env())));
            Assert.Equal("Unknown auth type 'kerberos'. Use one of: pat, oauth-m2m, azure-msi, azure-client-secret, azure-cli, access-token.", ex.Message);
        }

        [Fact]
        public async Task OAuth_m2m_gets_a_token_and_refreshes_it_before_expiry_during_a_long_wait()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Read(w => { w.Auth.Restrict(Array.Empty<(string, string, bool)>(), new[] { ("sp-app", "sp-secret-value") }); return 0; });
            var host = new Uri(h.Url("primary"));
            var creds = CredentialResolver.Resolve(host, new AuthSettings { ClientId = "sp-app", ClientSecret = "sp-secret-value" },
                new CredentialOptions { Environment = Env(), Clock = EngineClients.Clock(h), WrapHandler = h.WrapHandler });
            using var transport = new DatabricksTransport(host, creds, EngineClients.Options(h));
            var pipelines = new PipelinesService(transport);
            await pipelines.ListAsync(null, CancellationToken.None);
            Assert.Equal(1, h["primary"].Read(w => w.Auth.IssuedTokenCount));
            h.Advance(1800);
            await pipelines.ListAsync(null, CancellationToken.None);
            Assert.Equal(1, h["primary"].Read(w => w.Auth.IssuedTokenCount)); // still fresh
            h.Advance(1750); // 50 s before expiry: inside the refresh margin
            await pipelines.ListAsync(null, CancellationToken.None);
            Assert.Equal(2, h["primary"].Read(w => w.Auth.IssuedTokenCount));
            Assert.All(h["primary"].Requests.Entries.Where(e => e.Path.StartsWith("/api/")), e => Assert.Equal(200, e.Status));
        }

        [Fact]
        public async Task OAuth_m2m_with_a_wrong_secret_fails_clearly_without_the_secret()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Read(w => { w.Auth.Restrict(Array.Empty<(string, string, bool)>(), new[] { ("sp-app", "right") }); return 0; });
            var host = new Uri(h.Url("primary"));
            var creds = CredentialResolver.Resolve(host, new AuthSettings { ClientId = "sp-app", ClientSecret = "wrong-secret-123" }, new CredentialOptions { Environment = Env() });
            var ex = await Assert.ThrowsAsync<CredentialException>(() => creds.GetHeadersAsync(CancellationToken.None));
            Assert.Equal($"oauth-m2m: the token endpoint {h.Url("primary")}/oidc/v1/token answered 401 invalid_client: Client authentication failed", ex.Message);
            Assert.DoesNotContain("wrong-secret-123", ex.ToString());
        }

        [Fact]
        public async Task Managed_identity_uses_the_Automation_identity_endpoint_and_sends_management_headers()
        {
            var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
            using var identity = new TokenStandIn(r => (200, $"{{\"access_token\":\"eyJmsi{(r.PathAndQuery.Contains("management") ? "mgmt" : "dbx")}.eyJpYXQiOjF9.sig\",\"expires_on\":\"{expires}\",\"token_type\":\"Bearer\"}}"));
            await using var h = await EmulatorHarness.StartAsync();
            var env = Env().Set("IDENTITY_ENDPOINT", identity.Url + "msi/token").Set("IDENTITY_HEADER", "automation-header-secret");
            var creds = CredentialResolver.Resolve(new Uri(h.Url("primary")), new AuthSettings { AuthType = "azure-msi", AzureClientId = "user-assigned-id", AzureWorkspaceResourceId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w" }, Options(env));
            using var transport = new DatabricksTransport(new Uri(h.Url("primary")), creds);
            await new PipelinesService(transport).ListAsync(null, CancellationToken.None);

            var calls = identity.Requests.ToList();
            Assert.Equal(2, calls.Count);
            Assert.All(calls, c =>
            {
                Assert.Equal("automation-header-secret", c.Headers["X-IDENTITY-HEADER"]);
                Assert.Contains("api-version=2019-08-01", c.PathAndQuery);
                Assert.Contains("client_id=user-assigned-id", c.PathAndQuery);
            });
            Assert.Contains("resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", calls[0].PathAndQuery);
            var seen = h["primary"].Requests.Entries.Single();
            Assert.True(seen.AzureManagementTokenSent);
            Assert.Equal("/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w", seen.AzureWorkspaceResourceId);
        }

        [Fact]
        public async Task Managed_identity_falls_back_to_the_instance_metadata_endpoint()
        {
            using var imds = new TokenStandIn(_ => (200, "{\"access_token\":\"eyJimds.eyJ4IjoxfQ.s\",\"expires_in\":\"3599\"}"));
            var options = Options(Env());
            options.Azure.InstanceMetadataTokenEndpoint = new Uri(imds.Url + "metadata/identity/oauth2/token");
            var creds = CredentialResolver.Resolve(Workspace, new AuthSettings { AzureUseMsi = true }, options);
            var headers = await creds.GetHeadersAsync(CancellationToken.None);
            Assert.Equal("Bearer eyJimds.eyJ4IjoxfQ.s", headers["Authorization"]);
            var call = Assert.Single(imds.Requests);
            Assert.Equal("true", call.Headers["Metadata"]);
            Assert.StartsWith("/metadata/identity/oauth2/token?api-version=2018-02-01&resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", call.PathAndQuery);
        }

        [Fact]
        public async Task A_service_principal_secret_is_exchanged_at_the_tenants_token_endpoint()
        {
            using var entra = new TokenStandIn(_ => (200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJsp.eyJ4IjoxfQ.s\"}"));
            var env = Env().Set("ARM_TENANT_ID", "tenant-1").Set("ARM_CLIENT_ID", "app-1").Set("ARM_CLIENT_SECRET", "sp-secret-xyz");
            var options = Options(env);
            options.Azure.AuthorityHost = new Uri(entra.Url);
            var creds = CredentialResolver.Resolve(Workspace, new AuthSettings(), options);
            Assert.Equal("azure-client-secret", creds.Name);
            Assert.Equal("Bearer eyJsp.eyJ4IjoxfQ.s", (await creds.GetHeadersAsync(CancellationToken.None))["Authorization"]);
            var call = Assert.Single(entra.Requests);
            Assert.Equal("/tenant-1/oauth2/v2.0/token", call.PathAndQuery);
            Assert.Contains("scope=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d%2F.default", call.Body);
            Assert.Contains("grant_type=client_credentials", call.Body);
        }

        [Fact]
        public async Task The_authority_host_and_metadata_endpoint_come_from_the_environment()
        {
            using var entra = new TokenStandIn(_ => (200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJsp.eyJ4IjoxfQ.s\"}"));
            using var imds = new TokenStandIn(_ => (200, "{\"access_token\":\"eyJimds.eyJ4IjoxfQ.s\",\"expires_in\":\"3599\"}"));
            var env = Env().Set("AZURE_AUTHORITY_HOST", entra.Url.TrimEnd('/')).Set("DLTDR_IMDS_ENDPOINT", imds.Url + "metadata/identity/oauth2/token");
            var azure = AzureEndpoints.FromEnvironment(env);

            var sp = Options(env.Set("ARM_TENANT_ID", "tenant-1").Set("ARM_CLIENT_ID", "app-1").Set("ARM_CLIENT_SECRET", "sp-secret-xyz"));
            sp.Azure = azure;
            await CredentialResolver.Resolve(Workspace, new AuthSettings(), sp).GetHeadersAsync(CancellationToken.None);
            Assert.Equal("/tenant-1/oauth2/v2.0/token", Assert.Single(entra.Requests).PathAndQuery);

            var msi = Options(Env());
            msi.Azure = azure;
            await CredentialResolver.Resolve(Workspace, new AuthSettings { AzureUseMsi = true }, msi).GetHeadersAsync(CancellationToken.None);
            Assert.Single(imds.Requests);
        }

        [Fact]
        public void An_endpoint_variable_that_is_not_a_URL_is_an_error_naming_it()
        {
            var e = Assert.Throws<CredentialException>(() => AzureEndpoints.FromEnvironment(Env().Set("DLTDR_IMDS_ENDPOINT", "169.254.169.254")));
            Assert.Equal("DLTDR_IMDS_ENDPOINT is '169.254.169.254', which is not an absolute http(s) URL.", e.Message);
        }

        [Fact]
        public async Task The_Azure_CLI_token_is_read_from_az_account_get_access_token()
        {
            var az = FakeAz("{\"accessToken\": \"eyJcli.eyJ4IjoxfQ.s\", \"expires_on\": 4102444800, \"tokenType\": \"Bearer\"}", null, 0);
            var options = Options(Env());
            options.Azure.AzCommand = az;
            var creds = CredentialResolver.Resolve(Workspace, new AuthSettings { AuthType = "azure-cli" }, options);
            Assert.Equal("Bearer eyJcli.eyJ4IjoxfQ.s", (await creds.GetHeadersAsync(CancellationToken.None))["Authorization"]);

            FakeAz(null, "ERROR: Please run az login to setup account.", 1);
            creds.Invalidate();
            var ex = await Assert.ThrowsAsync<CredentialException>(() => creds.GetHeadersAsync(CancellationToken.None));
            Assert.Equal("azure-cli: 'az account get-access-token' failed: ERROR: Please run az login to setup account. Run 'az login' first.", ex.Message);

            options.Azure.AzCommand = Path.Combine(_home, "no-such-az");
            var missing = CredentialResolver.Resolve(Workspace, new AuthSettings { AuthType = "azure-cli" }, options);
            var notFound = await Assert.ThrowsAsync<CredentialException>(() => missing.GetHeadersAsync(CancellationToken.None));
            Assert.StartsWith("azure-cli: the Azure CLI (", notFound.Message);
        }
    }
}
