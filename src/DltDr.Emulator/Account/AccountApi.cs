using System;
using System.Globalization;
using System.Threading.Tasks;
using DltDr.Emulator.Api;
using DltDr.Emulator.Model;
using DltDr.Emulator.Simulation;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Account
{
    /// <summary>
    /// The account host's Disaster Recovery API (/api/disaster-recovery/v1/accounts/{account_id}/...):
    /// list (paged), get and failover of failover groups. Account-level auth: a bearer token from an
    /// OAuth or Azure sign-in is accepted; a workspace's personal access token is refused.
    /// </summary>
    internal sealed class AccountApi
    {
        private delegate JObject Handler(HttpContext ctx, string body, System.Collections.Generic.IReadOnlyDictionary<string, string> route,
            DateTimeOffset now);

        private readonly AccountState _account;
        private readonly SimulationContext _sim;
        private readonly Router<Handler> _routes = new Router<Handler>();

        public AccountApi(AccountState account, SimulationContext sim)
        {
            _account = account;
            _sim = sim;
            const string Groups = "/api/disaster-recovery/v1/accounts/{account_id}/failover-groups";
            _routes.Add("GET", Groups, (ctx, _, r, now) => _account.List(PageSize(ctx), ctx.Request.Query["page_token"], now));
            _routes.Add("GET", Groups + "/{id}", (_, _, r, now) => _account.Find(r["id"], now).ToJson(listEntry: false));
            _routes.Add("POST", Groups + "/{id}/failover", (_, body, r, now) => _account.Failover(r["id"], Body(body), now));
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            var path = ctx.Request.Path.Value ?? "/";
            var method = ctx.Request.Method;
            var body = await HttpJson.ReadBodyAsync(ctx).ConfigureAwait(false);
            if (path.StartsWith("/oidc/accounts/", StringComparison.Ordinal))
            {
                // The account's own OIDC endpoint: OAuth M2M for account-level service principals.
                var baseUrl = $"{ctx.Request.Scheme}://{ctx.Request.Host}";
                await OAuthApi.HandleOidcAsync(ctx, body, baseUrl, "/oidc/accounts/" + _account.AccountId, _account.Auth, _sim)
                    .ConfigureAwait(false);
                return;
            }
            var auth = (string?)ctx.Request.Headers.Authorization;
            if (auth == null || !auth.StartsWith("Bearer ", StringComparison.Ordinal) || auth.Length <= 7)
            {
                await HttpJson.WriteErrorAsync(ctx, 401, "UNAUTHENTICATED",
                    "No bearer token: the account API needs an OAuth or Azure access token.").ConfigureAwait(false);
                return;
            }
            if (auth.Substring(7).StartsWith("dapi", StringComparison.Ordinal))
            {
                await HttpJson.WriteErrorAsync(ctx, 401, "UNAUTHENTICATED",
                    "A workspace personal access token is not valid at the account level: sign in with OAuth (a service principal's "
                        + "client id and secret) or an Azure access token.").ConfigureAwait(false);
                return;
            }
            var outcome = _sim.Sync(now => _account.Auth.Authenticate(auth, !HttpMethods.IsGet(method), now));
            if (!outcome.Allowed)
            {
                await HttpJson.WriteErrorAsync(ctx, outcome.Status, outcome.ErrorCode!, outcome.Message!).ConfigureAwait(false);
                return;
            }
            var rule = _account.Faults.Take(method, path, ctx.Request.QueryString.Value);
            switch (rule?.Kind)
            {
                case Faults.FaultKind.Status:
                    if (rule.RetryAfterSeconds is int seconds)
                    {
                        ctx.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
                    }
                    await HttpJson.WriteErrorAsync(ctx, rule.Status, rule.ErrorCode ?? Faults.FaultRule.DefaultErrorCode(rule.Status),
                        Faults.FaultRule.DefaultMessage(rule.Status)).ConfigureAwait(false);
                    return;
                case Faults.FaultKind.Reset:
                    ctx.Abort();
                    return;
            }
            var handler = _routes.Match(method, path, out var route);
            if (handler == null)
            {
                await HttpJson.WriteErrorAsync(ctx, 404, "ENDPOINT_NOT_FOUND", $"No API found for '{method} {path}'.")
                    .ConfigureAwait(false);
                return;
            }
            if (route["account_id"] != _account.AccountId)
            {
                await HttpJson.WriteErrorAsync(ctx, 404, "RESOURCE_DOES_NOT_EXIST", $"Account {route["account_id"]} does not exist.")
                    .ConfigureAwait(false);
                return;
            }
            try
            {
                var answer = _sim.Sync(now => handler(ctx, body, route, now));
                await HttpJson.WriteAsync(ctx, 200, answer).ConfigureAwait(false);
            }
            catch (ApiException ex)
            {
                await HttpJson.WriteErrorAsync(ctx, (int)ex.Status, ex.ErrorCode, ex.Message).ConfigureAwait(false);
            }
        }

        private static int? PageSize(HttpContext ctx)
        {
            var text = (string?)ctx.Request.Query["page_size"];
            if (string.IsNullOrEmpty(text)) return null;
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
                : throw ApiException.InvalidParameter($"page_size must be a number, not '{text}'.");
        }

        private static JObject Body(string body)
        {
            try
            {
                return string.IsNullOrWhiteSpace(body) ? new JObject() : JObject.Parse(body);
            }
            catch (Newtonsoft.Json.JsonException ex)
            {
                throw ApiException.Malformed("The body is not a JSON object: " + ex.Message);
            }
        }
    }
}
