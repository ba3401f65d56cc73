using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    public class AuthApiTests
    {
        private static async Task<ApiAnswer> TokenRequest(EmulatorHarness h, string? basic, IDictionary<string, string> form)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, h.Url("primary") + "/oidc/v1/token") { Content = new FormUrlEncodedContent(form) };
            if (basic != null) req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
            using var resp = await h.Http.SendAsync(req);
            return new ApiAnswer((int)resp.StatusCode, await resp.Content.ReadAsStringAsync(), resp.Headers);
        }

        private static readonly Dictionary<string, string> ClientCredentialsForm = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "all-apis" };

        [Fact]
        public async Task By_default_any_bearer_token_is_accepted_and_a_missing_one_is_401()
        {
            await using var h = await EmulatorHarness.StartAsync();
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines", token: "anything")).Status);
            (await h.GetAsync("primary", "/api/2.0/pipelines", token: null)).AssertError(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.");
        }

        [Fact]
        public async Task A_restricted_workspace_accepts_only_its_tokens_and_read_only_ones_cannot_write()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Read(w => { w.Auth.Restrict(new[] { ("dapi-full", "ops@corp", false), ("dapi-ro", "viewer@corp", true) }, Array.Empty<(string, string)>()); return 0; });
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines", token: "dapi-full")).Status);
            (await h.GetAsync("primary", "/api/2.0/pipelines", token: "dapi-other")).AssertError(403, "PERMISSION_DENIED", "Invalid access token.");
            Assert.Equal(200, (await h.GetAsync("primary", "/api/2.0/pipelines", token: "dapi-ro")).Status);
            (await h.PostAsync("primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/x" }, token: "dapi-ro"))
                .AssertError(403, "PERMISSION_DENIED", "User viewer@corp does not have the permission required to change this resource.");
            var created = await h.PostAsync("primary", "/api/2.0/pipelines", new JObject { ["name"] = "p" }, token: "dapi-full");
            var id = (string)created.Json["pipeline_id"]!;
            Assert.Equal("ops@corp", (string?)(await h.SendAsync(HttpMethod.Get, "primary", "/api/2.0/pipelines/" + id, token: "dapi-full")).Json["creator_user_name"]);
        }

        [Fact]
        public async Task OAuth_discovery_names_the_token_endpoint()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var d = await h.GetAsync("primary", "/oidc/.well-known/oauth-authorization-server", token: null);
            Assert.Equal(200, d.Status);
            Assert.Equal(h.Url("primary") + "/oidc/v1/token", (string?)d.Json["token_endpoint"]);
            Assert.Equal(h.Url("primary") + "/oidc", (string?)d.Json["issuer"]);
            Assert.Contains("client_credentials", d.Json["grant_types_supported"]!.Values<string>());
        }

        [Fact]
        public async Task Client_credentials_give_an_expiring_token_and_wrong_ones_are_refused()
        {
            await using var h = await EmulatorHarness.StartAsync();
            h["primary"].Read(w => { w.Auth.Restrict(Array.Empty<(string, string, bool)>(), new[] { ("sp-app-id", "sp-secret") }); return 0; });

            var ok = await TokenRequest(h, "sp-app-id:sp-secret", ClientCredentialsForm);
            Assert.Equal(200, ok.Status);
            Assert.Equal("Bearer", (string?)ok.Json["token_type"]);
            Assert.Equal(3600, (int)ok.Json["expires_in"]!);
            Assert.Equal("all-apis", (string?)ok.Json["scope"]);
            var token = (string)ok.Json["access_token"]!;
            var me = await h.PostAsync("primary", "/api/2.0/pipelines", new JObject { ["name"] = "by-sp" }, token: token);
            Assert.Equal(200, me.Status);

            // client_secret_post works too.
            var post = await TokenRequest(h, null, new Dictionary<string, string>(ClientCredentialsForm) { ["client_id"] = "sp-app-id", ["client_secret"] = "sp-secret" });
            Assert.Equal(200, post.Status);

            h.Advance(3601);
            (await h.GetAsync("primary", "/api/2.0/pipelines", token: token)).AssertError(403, "PERMISSION_DENIED", "Invalid access token.");

            var bad = await TokenRequest(h, "sp-app-id:wrong", ClientCredentialsForm);
            Assert.Equal(401, bad.Status);
            JsonAssert.Equal(new JObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed" }, bad.Json);
            var grant = await TokenRequest(h, "sp-app-id:sp-secret", new Dictionary<string, string> { ["grant_type"] = "password" });
            Assert.Equal(400, grant.Status);
            Assert.Equal("unsupported_grant_type", (string?)grant.Json["error"]);
        }
    }
}
