using System;
using System.IO;
using System.Linq;
using System.Threading;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Framework.Tests
{
    /// <summary>
    /// Every way a runbook signs in, on this runtime's HttpClient: OAuth M2M at the workspace's own
    /// token endpoint, an Entra ID client secret, and Azure Automation's managed identity endpoint;
    /// each accepted, and each refused as AuthenticationFailed in the endpoint's own words, the
    /// secret never in what is said.
    /// </summary>
    public sealed class CredentialsOnThisRuntimeTests : IClassFixture<EmulatorFixture>, IDisposable
    {
        private readonly EmulatorProcess _emulator;
        private readonly string _folder = TempFolder.Create("dltdr-framework-");

        public CredentialsOnThisRuntimeTests(EmulatorFixture fixture) => _emulator = fixture.Emulator;

        public void Dispose()
        {
            foreach (var ws in new[] { "primary", "secondary" })
            {
                _emulator.Call("POST", $"workspaces/{ws}/auth", new JObject { ["accept_any"] = true });
            }
            Directory.Delete(_folder, true);
        }

        private PairStatus Status(string auth, FakeEnvironment env)
        {
            var pair = TestPairs.Pair(_emulator, _folder, authJson: auth);
            var options = new DrOptions { Environment = env, RegionTimeout = TimeSpan.FromSeconds(20) };
            using var session = new DrSession(options, new[] { pair });
            return new StatusReader(pair, session, new StatusOptions()).ReadAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        private FakeEnvironment Env() => new FakeEnvironment(_folder);

        private static void AssertAnswered(PairStatus s)
        {
            foreach (var r in new[] { s.Primary, s.Secondary })
            {
                Assert.True(r.Failure == RegionFailure.None, $"{r.Region}: {r.Failure} {r.Error}");
                Assert.True(r.Reachable);
            }
        }

        private static void AssertRefused(PairStatus s, string said, string secret)
        {
            foreach (var r in new[] { s.Primary, s.Secondary })
            {
                Assert.Equal(RegionFailure.AuthenticationFailed, r.Failure);
                Assert.Contains(said, r.Error);
                Assert.DoesNotContain(secret, r.Error);
            }
            Assert.Contains(s.Problems, p => p.Kind == StatusRules.AuthenticationFailed);
            Assert.DoesNotContain(s.Problems, p => p.Kind == StatusRules.CredentialsUnavailable);
        }

        private void OnlyClient(string id, string secret)
        {
            foreach (var ws in new[] { "primary", "secondary" })
            {
                _emulator.Call("POST", $"workspaces/{ws}/auth", new JObject
                {
                    ["tokens"] = new JArray(),
                    ["clients"] = new JArray(new JObject { ["client_id"] = id, ["client_secret"] = secret }),
                });
            }
        }

        [Fact]
        public void OAuth_m2m_signs_in_at_the_workspace_token_endpoint()
        {
            OnlyClient("sp-app", "right-secret");
            AssertAnswered(Status("{ \"type\": \"oauth-m2m\" }", Env().Set("DATABRICKS_CLIENT_ID", "sp-app").Set("DATABRICKS_CLIENT_SECRET", "right-secret")));
        }

        [Fact]
        public void OAuth_m2m_with_a_wrong_secret_is_refused_in_the_endpoints_words()
        {
            OnlyClient("sp-app", "right-secret");
            var s = Status("{ \"type\": \"oauth-m2m\" }", Env().Set("DATABRICKS_CLIENT_ID", "sp-app").Set("DATABRICKS_CLIENT_SECRET", "wrong-secret-4711"));
            AssertRefused(s, "answered 401 invalid_client", "wrong-secret-4711");
        }

        [Fact]
        public void An_Azure_client_secret_signs_in_through_Entra_ID()
        {
            using var entra = new TokenStandIn(_ => (200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJ0eXAiOi.entra.token\"}"));
            var s = Status("{ \"type\": \"azure-client-secret\" }", Env().Set("ARM_TENANT_ID", "tenant-1").Set("ARM_CLIENT_ID", "app-1")
                .Set("ARM_CLIENT_SECRET", "good-secret-0815").Set("AZURE_AUTHORITY_HOST", entra.Url));
            AssertAnswered(s);
            var asked = entra.Requests.First();
            Assert.Equal("POST", asked.Method);
            Assert.StartsWith("/tenant-1/", asked.PathAndQuery);
        }

        [Fact]
        public void An_Azure_client_secret_refused_by_Entra_ID_is_refused_in_its_words()
        {
            using var entra = new TokenStandIn(_ => (401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client "
                + "secret provided.\"}"));
            var s = Status("{ \"type\": \"azure-client-secret\" }", Env().Set("ARM_TENANT_ID", "tenant-1").Set("ARM_CLIENT_ID", "app-1")
                .Set("ARM_CLIENT_SECRET", "expired-secret-0815").Set("AZURE_AUTHORITY_HOST", entra.Url));
            AssertRefused(s, "answered 401 invalid_client: AADSTS7000215: Invalid client secret provided.", "expired-secret-0815");
        }

        [Fact]
        public void A_managed_identity_signs_in_through_the_automation_identity_endpoint()
        {
            var s = Status("{ \"type\": \"azure-msi\" }", Env().Set("IDENTITY_ENDPOINT", _emulator.IdentityEndpoint!)
                .Set("IDENTITY_HEADER", _emulator.IdentityHeader!));
            AssertAnswered(s);
        }

        [Fact]
        public void A_managed_identity_the_endpoint_refuses_is_refused()
        {
            var s = Status("{ \"type\": \"azure-msi\" }", Env().Set("IDENTITY_ENDPOINT", _emulator.IdentityEndpoint!)
                .Set("IDENTITY_HEADER", "not-the-sandbox-header"));
            AssertRefused(s, "answered 401 invalid_request", "not-the-sandbox-header");
        }
    }
}
