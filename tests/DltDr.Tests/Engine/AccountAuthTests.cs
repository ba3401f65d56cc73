using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// Account-level sign-in for the Disaster Recovery API, as the service does it: an account
    /// service principal's client id and secret exchanged at the account's own OIDC endpoint
    /// (/oidc/accounts/{account_id}/v1/token), the token then accepted by the account host; a
    /// workspace token refused there; a wrong secret refused in the endpoint's words.
    /// </summary>
    public sealed class AccountAuthTests : IDisposable
    {
        private readonly string _home = TempFolder.Create("dltdr-account-auth-");

        public void Dispose() => Directory.Delete(_home, true);

        private static async Task<FailoverGroupLink> GroupAsync(EmulatorHarness h)
        {
            var body = new JObject
            {
                ["failover_group_id"] = "fg-sales",
                ["regions"] = new JArray("westeurope", "northeurope"),
                ["initial_primary_region"] = "westeurope",
                ["workspace_sets"] = new JArray(new JObject
                {
                    ["name"] = "sales", ["workspace_ids"] = new JArray(h.Emulator["primary"].OrgId, h.Emulator["secondary"].OrgId),
                }),
            };
            using var r = await h.Http.PostAsync(h.Emulator.ControlUrl + "/account/failover-groups",
                new StringContent(body.ToString(), Encoding.UTF8, "application/json"));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            // Only this service principal, and the tokens the account's endpoint issues to it.
            h.Emulator.Account.Auth.Restrict(Array.Empty<(string, string, bool)>(), new[] { ("sp-account", "account-secret") });
            return new FailoverGroupLink(new Uri(h.Emulator.AccountUrl!), h.Emulator.Account.AccountId, "fg-sales", "westeurope", "northeurope");
        }

        private DrSession Session(EmulatorHarness h, FailoverGroupLink link, string secret) => new DrSession(new DrOptions
        {
            Clock = EngineClients.Clock(h),
            WrapHandler = h.WrapHandler,
            Environment = new FakeEnvironment(_home).Set("DATABRICKS_CLIENT_ID", "sp-account").Set("DATABRICKS_CLIENT_SECRET", secret),
        }, Array.Empty<PairDefinition>());

        [Fact]
        public async Task OAuth_m2m_at_the_accounts_own_endpoint_reads_the_failover_group()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var link = await GroupAsync(h);
            using var session = Session(h, link, "account-secret");
            var group = await session.Account(link).GetAsync(link.AccountId, link.Id, CancellationToken.None);
            Assert.Equal("westeurope", group.EffectivePrimaryRegion);
            Assert.Equal(1, h.Emulator.Account.Auth.IssuedTokenCount);
        }

        [Fact]
        public async Task A_wrong_secret_is_refused_in_the_account_endpoints_words_and_never_said()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var link = await GroupAsync(h);
            using var session = Session(h, link, "wrong-secret-4711");
            var ex = await Assert.ThrowsAsync<CredentialException>(() => session.Account(link).GetAsync(link.AccountId, link.Id, CancellationToken.None));
            Assert.True(ex.Refused, ex.Message);
            Assert.Contains("answered 401 invalid_client: Client authentication failed", ex.Message);
            Assert.Contains($"/oidc/accounts/{link.AccountId}/v1/token", ex.RefusedBy!.AbsolutePath);
            Assert.DoesNotContain("wrong-secret-4711", ex.ToString());
        }

        [Fact]
        public async Task The_group_files_failoverGroup_auth_chooses_the_account_sign_in_beside_a_workspace_token()
        {
            // A runbook's environment: a workspace token for the pipelines and an account service
            // principal for the failover group. Without a choice that is two methods at once; the
            // group file's failoverGroup.auth says which the account host gets.
            await using var h = await EmulatorHarness.StartAsync();
            var made = await GroupAsync(h);
            File.WriteAllText(Path.Combine(_home, "lake.group.json"), new JObject
            {
                ["group"] = "lake",
                ["failoverGroup"] = new JObject
                {
                    ["account"] = made.Account.ToString(), ["accountId"] = made.AccountId, ["id"] = made.Id,
                    ["regions"] = new JObject { ["primary"] = "westeurope", ["secondary"] = "northeurope" },
                    ["auth"] = new JObject { ["type"] = "oauth-m2m", ["clientId"] = "sp-account" },
                },
            }.ToString());
            var link = PairDefinitionReader.GroupSettings(Path.Combine(_home, "lake.group.json"), "lake").FailoverGroup!;
            Assert.Equal(("oauth-m2m", "sp-account"), (link.Auth.AuthType, link.Auth.ClientId));
            using var session = new DrSession(new DrOptions
            {
                Clock = EngineClients.Clock(h),
                WrapHandler = h.WrapHandler,
                Environment = new FakeEnvironment(_home).Set("DATABRICKS_TOKEN", "dapi-workspace-token")
                    .Set("DATABRICKS_CLIENT_SECRET", "account-secret"),
            }, Array.Empty<PairDefinition>());
            var group = await session.Account(link).GetAsync(link.AccountId, link.Id, CancellationToken.None);
            Assert.Equal("westeurope", group.EffectivePrimaryRegion);
            Assert.Equal(1, h.Emulator.Account.Auth.IssuedTokenCount);
        }

        [Fact]
        public void A_secret_in_the_group_files_failoverGroup_auth_is_refused_naming_the_field()
        {
            var path = Path.Combine(_home, "lake.group.json");
            File.WriteAllText(path, "{ \"group\": \"lake\", \"failoverGroup\": { \"account\": \"https://accounts.azuredatabricks.net\", "
                + "\"accountId\": \"5e2f1b0c-7a8d-4e6f-9c3b-2a1d0e9f8c7b\", \"id\": \"fg\", \"regions\": { \"primary\": \"a\", "
                + "\"secondary\": \"b\" }, \"auth\": { \"type\": \"oauth-m2m\", \"clientSecret\": \"s3cr3t-in-a-file\" } } }");
            var ex = Assert.Throws<PairDefinitionException>(() => PairDefinitionReader.GroupSettings(path, "lake"));
            Assert.Contains(ex.Problems, p => p.Field.StartsWith("failoverGroup.auth", StringComparison.Ordinal));
            Assert.DoesNotContain("s3cr3t-in-a-file", ex.Message);
        }

        [Fact]
        public async Task A_restricted_account_host_refuses_a_token_it_did_not_issue()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var link = await GroupAsync(h);
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"{h.Emulator.AccountUrl}/api/disaster-recovery/v1/accounts/{link.AccountId}/failover-groups/fg-sales");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "eyJ-not-issued-here");
            using var answer = await h.Http.SendAsync(request);
            // As a workspace answers a token it does not know: 403 "Invalid access token".
            Assert.Equal(403, (int)answer.StatusCode);
            Assert.Contains("Invalid access token", await answer.Content.ReadAsStringAsync());
        }
    }
}
