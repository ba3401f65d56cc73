using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// A secret or identity that the token endpoint refuses is AuthenticationFailed, with the
    /// endpoint's own words; CredentialsUnavailable is for credentials not configured or an endpoint
    /// that cannot be reached. Status of a pair whose regions use each kind of auth, on the emulator.
    /// </summary>
    public sealed class RefusedCredentialsTests : IDisposable
    {
        private readonly string _home = Directory.CreateTempSubdirectory("dltdr-refused-").FullName;

        public void Dispose() => Directory.Delete(_home, true);

        /// <summary>The pair with both regions on <paramref name="auth"/>, read with <paramref name="env"/>.</summary>
        private static async Task<PairStatus> StatusAsync(EmulatorHarness h, string auth, FakeEnvironment env, Action<DrOptions>? tune = null)
        {
            var json = Fixtures.PairJson("sales", "strict", h.Url("primary"), h.Url("secondary"))
                .Replace("\"storage\": \"abfss://dlt@weu", $"\"auth\": {auth}, \"storage\": \"abfss://dlt@weu")
                .Replace("\"storage\": \"abfss://dlt@neu", $"\"auth\": {auth}, \"storage\": \"abfss://dlt@neu");
            var pair = PairDefinitionReader.FromJson(json, "sales.json", Path.GetTempPath());
            var options = new DrOptions { Clock = EngineClients.Clock(h), WrapHandler = h.WrapHandler, Environment = env, RegionTimeout = TimeSpan.FromSeconds(5) };
            tune?.Invoke(options);
            using var session = new DrSession(options, new[] { pair });
            return await new StatusReader(pair, session, new StatusOptions()).ReadAsync(CancellationToken.None);
        }

        private static void AssertRefused(PairStatus s, string said)
        {
            foreach (var r in new[] { s.Primary, s.Secondary })
            {
                Assert.Equal(RegionFailure.AuthenticationFailed, r.Failure);
                Assert.Contains(said, r.Error);
            }
            Assert.Contains(s.Problems, p => p.Kind == StatusRules.AuthenticationFailed && p.Message.Contains("refused the credentials", StringComparison.Ordinal));
            Assert.DoesNotContain(s.Problems, p => p.Kind == StatusRules.CredentialsUnavailable);
        }

        [Fact]
        public async Task OAuth_m2m_with_a_wrong_client_secret_is_refused_credentials_in_the_endpoints_words()
        {
            await using var h = await EmulatorHarness.StartAsync();
            foreach (var ws in new[] { "primary", "secondary" })
            {
                h[ws].Read(w => { w.Auth.Restrict(Array.Empty<(string, string, bool)>(), new[] { ("sp-app", "right-secret") }); return 0; });
            }
            var env = new FakeEnvironment(_home).Set("DATABRICKS_CLIENT_ID", "sp-app").Set("DATABRICKS_CLIENT_SECRET", "wrong-secret-4711");
            var s = await StatusAsync(h, "{ \"type\": \"oauth-m2m\" }", env);
            AssertRefused(s, "answered 401 invalid_client: Client authentication failed");
            // Its token endpoint is the workspace's own (/oidc): the workspace answered.
            Assert.True(s.Primary.Reachable);
            Assert.DoesNotContain("wrong-secret-4711", s.Primary.Error);
        }

        [Fact]
        public async Task An_Azure_client_secret_refused_by_Entra_ID_is_refused_credentials_in_its_words()
        {
            await using var h = await EmulatorHarness.StartAsync();
            using var entra = new TokenStandIn(_ => (401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client "
                + "secret provided. Ensure the secret being sent in the request is the client secret value.\"}"));
            var env = new FakeEnvironment(_home).Set("ARM_TENANT_ID", "tenant-1").Set("ARM_CLIENT_ID", "app-1")
                .Set("ARM_CLIENT_SECRET", "expired-secret-0815").Set("AZURE_AUTHORITY_HOST", entra.Url);
            var s = await StatusAsync(h, "{ \"type\": \"azure-client-secret\" }", env);
            AssertRefused(s, "answered 401 invalid_client: AADSTS7000215: Invalid client secret provided.");
            Assert.DoesNotContain("expired-secret-0815", s.Primary.Error);
        }

        [Fact]
        public async Task A_managed_identity_the_identity_endpoint_refuses_is_refused_credentials()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var env = new FakeEnvironment(_home).Set("IDENTITY_ENDPOINT", h.Emulator.IdentityUrl!).Set("IDENTITY_HEADER", "not-the-sandbox-header");
            var s = await StatusAsync(h, "{ \"type\": \"azure-msi\" }", env);
            AssertRefused(s, "answered 401 invalid_request: The X-IDENTITY-HEADER header is missing or wrong.");
            // The identity endpoint is not the workspace: whether the workspace answers is not known.
            Assert.False(s.Primary.Reachable);
        }

        [Fact]
        public async Task A_token_endpoint_that_cannot_be_reached_is_still_credentials_unavailable()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var env = new FakeEnvironment(_home).Set("ARM_TENANT_ID", "tenant-1").Set("ARM_CLIENT_ID", "app-1")
                .Set("ARM_CLIENT_SECRET", "s-1").Set("AZURE_AUTHORITY_HOST", "http://127.0.0.1:9/");
            var s = await StatusAsync(h, "{ \"type\": \"azure-client-secret\" }", env);
            Assert.Equal(RegionFailure.CredentialsUnavailable, s.Primary.Failure);
            Assert.Contains("could not be reached", s.Primary.Error);
            Assert.Contains(s.Problems, p => p.Kind == StatusRules.CredentialsUnavailable);
        }
    }
}
