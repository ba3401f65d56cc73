using System;
using System.Text;
using System.Threading.Tasks;
using DltDr.Emulator.Auth;
using DltDr.Emulator.Model;
using DltDr.Emulator.Simulation;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>
    /// The workspace's OAuth endpoints: discovery and the client credentials grant. Errors here use
    /// the OAuth format (<c>error</c>, <c>error_description</c>), not the REST API's.
    /// </summary>
    internal static class OAuthApi
    {
        public const string DiscoveryPath = "/oidc/.well-known/oauth-authorization-server";
        public const string TokenPath = "/oidc/v1/token";

        /// <summary>
        /// The host metadata the SDKs read first: the OIDC endpoint (whose discovery gives the token endpoint) and the workspace id.
        /// </summary>
        public const string HostMetadataPath = "/.well-known/databricks-config";

        /// <summary>The emulated account every workspace belongs to.</summary>
        public const string AccountId = "5e2f1b0c-7a8d-4e6f-9c3b-2a1d0e9f8c7b";

        public static bool Handles(string path) => path == DiscoveryPath || path == TokenPath || path == HostMetadataPath;

        public static async Task HandleAsync(EmulatedWorkspace ws, HttpContext ctx, string body, string baseUrl)
        {
            var path = ctx.Request.Path.Value ?? string.Empty;
            if (path == HostMetadataPath && HttpMethods.IsGet(ctx.Request.Method))
            {
                await HttpJson.WriteAsync(ctx, 200, new JObject
                {
                    ["oidc_endpoint"] = baseUrl + "/oidc",
                    ["account_id"] = AccountId,
                    ["workspace_id"] = ws.OrgId,
                    ["host_type"] = "workspace",
                }).ConfigureAwait(false);
                return;
            }
            await HandleOidcAsync(ctx, body, baseUrl, "/oidc", ws.Auth, ws.Sim).ConfigureAwait(false);
        }

        /// <summary>
        /// An OIDC endpoint at <paramref name="oidcPath"/> (a workspace's /oidc, an account's
        /// /oidc/accounts/{account_id}): its discovery document and its token endpoint (client
        /// credentials, Basic or form, scope all-apis), tokens issued by <paramref name="auth"/>.
        /// </summary>
        internal static async Task HandleOidcAsync(HttpContext ctx, string body, string baseUrl, string oidcPath, AuthPolicy auth,
            SimulationContext sim)
        {
            var path = ctx.Request.Path.Value ?? string.Empty;
            if (path == oidcPath + "/.well-known/oauth-authorization-server" && HttpMethods.IsGet(ctx.Request.Method))
            {
                await HttpJson.WriteAsync(ctx, 200, new JObject
                {
                    ["issuer"] = baseUrl + oidcPath,
                    ["authorization_endpoint"] = baseUrl + oidcPath + "/v1/authorize",
                    ["token_endpoint"] = baseUrl + oidcPath + "/v1/token",
                    ["jwks_uri"] = baseUrl + oidcPath + "/jwks.json",
                    ["grant_types_supported"] = new JArray("client_credentials", "authorization_code", "refresh_token"),
                    ["response_types_supported"] = new JArray("code", "id_token"),
                    ["scopes_supported"] = new JArray("all-apis", "offline_access", "openid", "profile", "email"),
                    ["token_endpoint_auth_methods_supported"] = new JArray("client_secret_basic", "client_secret_post", "none"),
                    ["code_challenge_methods_supported"] = new JArray("S256"),
                }).ConfigureAwait(false);
                return;
            }
            if (path != oidcPath + "/v1/token" || !HttpMethods.IsPost(ctx.Request.Method))
            {
                await HttpJson.WriteErrorAsync(ctx, 404, "ENDPOINT_NOT_FOUND",
                    $"No API found for '{ctx.Request.Method} {path}'").ConfigureAwait(false);
                return;
            }

            var form = ParseForm(body);
            var grant = form.TryGetValue("grant_type", out var g) ? g : null;
            if (grant != "client_credentials")
            {
                await OAuthError(ctx, 400, "unsupported_grant_type",
                    $"Grant type '{grant}' is not supported: use client_credentials.").ConfigureAwait(false);
                return;
            }
            var scope = form.TryGetValue("scope", out var s) ? s : "all-apis";
            if (!string.IsNullOrEmpty(scope) && Array.IndexOf(scope.Split(' '), "all-apis") < 0)
            {
                await OAuthError(ctx, 400, "invalid_scope", $"Scope '{scope}' is not allowed: request all-apis.").ConfigureAwait(false);
                return;
            }
            var (clientId, clientSecret) = ClientCredentials(ctx, form);
            var token = sim.Sync(now
                => auth.IssueToken(clientId ?? string.Empty, clientSecret ?? string.Empty, sim.Timings.OAuthTokenLifetime, now));
            if (token == null)
            {
                await OAuthError(ctx, 401, "invalid_client", "Client authentication failed").ConfigureAwait(false);
                return;
            }
            ctx.Response.Headers["Cache-Control"] = "no-store";
            await HttpJson.WriteAsync(ctx, 200, token).ConfigureAwait(false);
        }

        /// <summary>HTTP Basic first (client_secret_basic), then the form (client_secret_post).</summary>
        private static (string? Id, string? Secret) ClientCredentials(HttpContext ctx, System.Collections.Generic.Dictionary<string,
            string> form)
        {
            var auth = ctx.Request.Headers.Authorization.ToString();
            if (auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Substring(6).Trim()));
                    var colon = decoded.IndexOf(':');
                    if (colon > 0) return (Uri.UnescapeDataString(decoded.Substring(0, colon)),
                        Uri.UnescapeDataString(decoded.Substring(colon + 1)));
                }
                catch (FormatException)
                {
                }
                return (null, null);
            }
            form.TryGetValue("client_id", out var id);
            form.TryGetValue("client_secret", out var secret);
            return (id, secret);
        }

        private static System.Collections.Generic.Dictionary<string, string> ParseForm(string body)
        {
            var d = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var k = eq < 0 ? pair : pair.Substring(0, eq);
                var v = eq < 0 ? string.Empty : pair.Substring(eq + 1);
                d[Uri.UnescapeDataString(k.Replace('+', ' '))] = Uri.UnescapeDataString(v.Replace('+', ' '));
            }
            return d;
        }

        private static Task OAuthError(HttpContext ctx, int status, string error, string description)
            => HttpJson.WriteAsync(ctx, status, new JObject { ["error"] = error, ["error_description"] = description });
    }
}
