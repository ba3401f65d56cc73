using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator.Auth;
using DltDr.Engine.Auth;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    /// <summary>
    /// The calls the Databricks SDKs make as they make them, over raw HTTP: the Python SDK's
    /// workspace.upload (multipart/form-data) and workspace.download (direct_download), current
    /// user (SCIM Me), and the host metadata that machine-to-machine OAuth starts from.
    /// </summary>
    public sealed class SdkFidelityTests
    {
        private const string Source = "import dlt\n\n@dlt.table\ndef bronze():\n    return spark.readStream.table('raw')\n";

        /// <summary>What the Python SDK's workspace.upload sends: fields path, format, language, overwrite and the file part content.</summary>
        private static async Task<ApiAnswer> Upload(EmulatorHarness h, string path, byte[] file, string? format = "SOURCE", string? language = "PYTHON", bool overwrite = false, bool withFile = true)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(path), "path");
            if (format != null) form.Add(new StringContent(format), "format");
            if (language != null) form.Add(new StringContent(language), "language");
            if (overwrite) form.Add(new StringContent("true"), "overwrite");
            if (withFile) form.Add(new ByteArrayContent(file), "content", "content");
            using var request = new HttpRequestMessage(HttpMethod.Post, h.Url("primary") + "/api/2.0/workspace/import") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorHarness.Token);
            using var response = await h.Http.SendAsync(request);
            return new ApiAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
        }

        private static async Task<(int Status, byte[] Bytes, string? ContentType)> Download(EmulatorHarness h, string query, string? token = EmulatorHarness.Token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, h.Url("primary") + "/api/2.0/workspace/export?direct_download=true&" + query);
            if (token != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await h.Http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
        }

        [Fact]
        public async Task A_multipart_upload_imports_like_the_json_form_and_downloads_as_raw_bytes()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/dltdr" });
            Assert.Equal(200, (await Upload(h, "/Shared/dltdr/bronze", Encoding.UTF8.GetBytes(Source))).Status);

            var st = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/get-status?path=/Shared/dltdr/bronze");
            Assert.Equal(("NOTEBOOK", "PYTHON"), ((string?)st["object_type"], (string?)st["language"]));
            var json = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/export?path=/Shared/dltdr/bronze&format=SOURCE");
            var raw = await Download(h, "path=/Shared/dltdr/bronze&format=SOURCE");
            Assert.Equal(200, raw.Status);
            Assert.Equal("application/octet-stream", raw.ContentType);
            Assert.Equal(Convert.FromBase64String((string)json["content"]!), raw.Bytes);
            Assert.Equal("# Databricks notebook source\n" + Source, Encoding.UTF8.GetString(raw.Bytes));

            // A file that is not text travels byte for byte both ways.
            var binary = Enumerable.Range(0, 512).Select(i => (byte)(i * 37 % 256)).ToArray();
            Assert.Equal(200, (await Upload(h, "/Shared/dltdr/model.bin", binary, format: "RAW", language: null)).Status);
            Assert.Equal(binary, (await Download(h, "path=/Shared/dltdr/model.bin")).Bytes);
        }

        [Fact]
        public async Task A_multipart_upload_has_the_json_forms_errors_and_overwrite_rule()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/dltdr" });
            var text = Encoding.UTF8.GetBytes(Source);
            (await Upload(h, "/Shared/dltdr/n", text, language: null)).AssertError(400, "INVALID_PARAMETER_VALUE", "The language field is required when format is SOURCE.");
            (await Upload(h, "Shared/n", text)).AssertError(400, "INVALID_PARAMETER_VALUE", "Path (Shared/n) doesn't start with '/'");
            (await Upload(h, "/Shared/nowhere/n", text)).AssertError(404, "RESOURCE_DOES_NOT_EXIST", "The parent folder (/Shared/nowhere) does not exist.");
            (await Upload(h, "/Shared/dltdr/n", text, withFile: false)).AssertError(400, "INVALID_PARAMETER_VALUE", "Missing required field: content (the file part of the form).");
            var big = new byte[DltDr.Emulator.Model.WorkspaceTree.MaxImportBytes + 1];
            (await Upload(h, "/Shared/dltdr/big", big)).AssertError(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", $"File size imported is ({big.Length} bytes), exceeded max size ({DltDr.Emulator.Model.WorkspaceTree.MaxImportBytes} bytes)");

            Assert.Equal(200, (await Upload(h, "/Shared/dltdr/n", text)).Status);
            (await Upload(h, "/Shared/dltdr/n", text)).AssertError(400, "RESOURCE_ALREADY_EXISTS", "Path (/Shared/dltdr/n) already exists.");
            Assert.Equal(200, (await Upload(h, "/Shared/dltdr/n", Encoding.UTF8.GetBytes("SELECT 1"), language: "SQL", overwrite: true)).Status);
            Assert.Equal("-- Databricks notebook source\nSELECT 1", Encoding.UTF8.GetString((await Download(h, "path=/Shared/dltdr/n")).Bytes));

            var missing = await Download(h, "path=/Shared/dltdr/none");
            Assert.Equal(404, missing.Status);
            Assert.Equal(401, (await Download(h, "path=/Shared/dltdr/n", token: null)).Status);
        }

        [Fact]
        public async Task Scim_me_answers_the_caller_a_user_an_oauth_client_or_a_managed_identity()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var anyToken = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/preview/scim/v2/Me");
            Assert.Equal(AuthPolicy.DefaultUser, (string?)anyToken["userName"]);
            Assert.Equal(AuthPolicy.DefaultUser, (string?)anyToken["emails"]![0]!["value"]);
            Assert.True((bool)anyToken["active"]!);
            Assert.Contains("urn:ietf:params:scim:schemas:core:2.0:User", anyToken["schemas"]!.Values<string>());
            Assert.Matches("^[0-9]{16,19}$", (string)anyToken["id"]!);

            h["primary"].Read(w => { w.Auth.Restrict(new[] { ("dapi-ops", "ops@contoso.example", false) }, new[] { ("sp-app-id", "sp-secret") }); return 0; });
            var user = await h.SendAsync(HttpMethod.Get, "primary", "/api/2.0/preview/scim/v2/Me", token: "dapi-ops");
            Assert.Equal(("ops@contoso.example", "ops"), ((string?)user.Json["userName"], (string?)user.Json["displayName"]));
            Assert.Equal(403, (await h.SendAsync(HttpMethod.Get, "primary", "/api/2.0/preview/scim/v2/Me", token: "dapi-unknown")).Status);

            using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, h.Url("primary") + "/oidc/v1/token")
            {
                Content = new FormUrlEncodedContent(new[] { KeyValuePair("grant_type", "client_credentials"), KeyValuePair("scope", "all-apis"), KeyValuePair("client_id", "sp-app-id"), KeyValuePair("client_secret", "sp-secret") }),
            };
            using var tokenResponse = await h.Http.SendAsync(tokenRequest);
            var accessToken = (string)ApiAnswer.Parse(await tokenResponse.Content.ReadAsStringAsync())["access_token"]!;
            var client = await h.SendAsync(HttpMethod.Get, "primary", "/api/2.0/preview/scim/v2/Me", token: accessToken);
            Assert.Equal("sp-app-id", (string?)client.Json["applicationId"]);
            Assert.Contains("urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal", client.Json["schemas"]!.Values<string>());

            var issued = h.Emulator.Sim.Sync(now => h.Emulator.Identity.Issue(h.Emulator.Identity.Header, ManagedIdentityEndpoint.ApiVersion, "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", null, TimeSpan.FromHours(1), now));
            h["primary"].Read(w => { w.Auth.AcceptIssued(issued.Token!, issued.ClientId!, h.Emulator.Clock.Now.AddHours(1)); return 0; });
            var msi = await h.SendAsync(HttpMethod.Get, "primary", "/api/2.0/preview/scim/v2/Me", token: issued.Token);
            Assert.Equal(ManagedIdentityEndpoint.SystemAssignedClientId, (string?)msi.Json["applicationId"]);
        }

        private static System.Collections.Generic.KeyValuePair<string, string> KeyValuePair(string k, string v) => new System.Collections.Generic.KeyValuePair<string, string>(k, v);

        [Fact]
        public async Task Host_metadata_leads_to_the_token_endpoint_as_the_sdks_follow_it_without_credentials()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var metadata = await h.GetAsync("primary", "/.well-known/databricks-config", token: null);
            Assert.Equal(200, metadata.Status);
            Assert.Equal(h.Url("primary") + "/oidc", (string?)metadata.Json["oidc_endpoint"]);
            Assert.Equal(h["primary"].OrgId, (string?)metadata.Json["workspace_id"]);
            Assert.Equal("workspace", (string?)metadata.Json["host_type"]);
            Assert.Matches("^[0-9a-f-]{36}$", (string)metadata.Json["account_id"]!);

            var discovery = await h.Http.GetStringAsync((string)metadata.Json["oidc_endpoint"]! + "/.well-known/oauth-authorization-server");
            Assert.Equal(h.Url("primary") + "/oidc/v1/token", (string?)ApiAnswer.Parse(discovery)["token_endpoint"]);
        }

        [Fact]
        public async Task DltDrs_oauth_m2m_discovers_the_token_endpoint_from_the_host_alone()
        {
            await using var h = await EmulatorHarness.StartAsync();
            var host = new Uri(h.Url("primary"));
            var provider = new OAuthM2MProvider(host, "sp-app", "sp-secret-value", new TokenEndpointClient());
            var headers = await provider.GetHeadersAsync(CancellationToken.None);
            Assert.StartsWith("Bearer ", headers["Authorization"]);
            Assert.Equal(new Uri(h.Url("primary") + "/oidc/v1/token"), provider.TokenEndpoint);
            var calls = h["primary"].Requests.Entries.Select(e => $"{e.Method} {e.Path}").ToList();
            Assert.Equal(new[] { "GET /.well-known/databricks-config", "GET /oidc/.well-known/oauth-authorization-server", "POST /oidc/v1/token" }, calls);
        }

        [Fact]
        public async Task DltDrs_oauth_m2m_never_sends_the_secret_to_a_token_endpoint_on_another_host()
        {
            using var workspace = new TokenStandIn(r => r.PathAndQuery switch
            {
                "/.well-known/databricks-config" => (200, "{\"oidc_endpoint\":\"https://login.attacker.example/oidc\",\"workspace_id\":\"1\"}"),
                "/oidc/.well-known/oauth-authorization-server" => (200, "{\"token_endpoint\":\"https://login.attacker.example/token\"}"),
                "/oidc/v1/token" => (200, "{\"access_token\":\"eyJhIjoxfQ.eyJiIjoxfQ.sig\",\"expires_in\":3600}"),
                _ => (404, "{}"),
            });
            var provider = new OAuthM2MProvider(new Uri(workspace.Url), "sp-app", "sp-secret-value", new TokenEndpointClient());
            await provider.GetHeadersAsync(CancellationToken.None);
            Assert.Equal(new Uri(new Uri(workspace.Url), "/oidc/v1/token"), provider.TokenEndpoint);
            Assert.Equal(new[] { "GET /.well-known/databricks-config", "GET /oidc/.well-known/oauth-authorization-server", "POST /oidc/v1/token" }, workspace.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        }
    }
}
