using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Emulator.Api;
using DltDr.Emulator.Auth;
using DltDr.Emulator.Faults;
using DltDr.Emulator.Hosting;
using DltDr.Emulator.Model;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator
{
    /// <summary>
    /// The emulator's own HTTP API, on its own port so it keeps answering while a workspace is down:
    /// the clock, faults per workspace, who a workspace accepts, and what it received.
    /// </summary>
    internal sealed class ControlApi
    {
        private delegate Task<JToken> Handler(HttpContext ctx, IReadOnlyDictionary<string, string> route, JObject body);

        private readonly Emulator _emulator;
        private readonly Router<Handler> _routes = new Router<Handler>();

        public ControlApi(Emulator emulator)
        {
            _emulator = emulator;
            Map("GET", ManagedIdentityEndpoint.Path, (ctx, _, _) =>
            {
                var q = ctx.Request.Query;
                var lifetime = _emulator.Sim.Timings.OAuthTokenLifetime;
                // Issued and accepted by every workspace in one step of the simulation.
                var (status, answer, token, _) = _emulator.Sim.Sync(now =>
                {
                    var issued = _emulator.Identity.Issue(ctx.Request.Headers["X-IDENTITY-HEADER"].ToString(), q["api-version"].ToString(),
                        q["resource"].ToString(), q["client_id"].ToString(), lifetime, now);
                    if (issued.Token != null) foreach (var ws in _emulator.Workspaces) ws.Auth.AcceptIssued(issued.Token, issued.ClientId!,
                        now + lifetime);
                    return issued;
                });
                if (token == null) throw
                    new ApiException((System.Net.HttpStatusCode)status, "invalid_request",
                        (string?)answer["error_description"] ?? "invalid request");
                return Ok(answer);
            });
            Map("GET", "/control/identity", (ctx, _, _) => Ok(new JObject
            {
                // The address this call came to: the control server's own.
                ["endpoint"] = $"{ctx.Request.Scheme}://{ctx.Request.Host}{ManagedIdentityEndpoint.Path}",
                ["header"] = _emulator.Identity.Header,
                ["requests"] = _emulator.Sim.Sync(_ => _emulator.Identity.Requests),
                ["system_assigned_client_id"] = ManagedIdentityEndpoint.SystemAssignedClientId,
            }));
            Map("GET", "/control/blobs", (_, _, _) => Ok(new JArray(_emulator.Blobs.List().Select(b => new JObject
            {
                ["name"] = b.Name, ["bytes"] = b.Bytes, ["content_type"] = b.ContentType,
            }))));
            Map("GET", "/control/workspaces", (_, _, _) => Ok(new JArray(_emulator.Workspaces.Select(Describe))));
            // The account's failover groups: made here (DltDr never creates one), and told how their next failover goes.
            Map("POST", "/control/account/failover-groups",
                (_, _, b) => Ok(_emulator.Sim.Sync(now => _emulator.Account.Create(b, now).ToJson(listEntry: false))));
            Map("POST", "/control/account/failover-groups/{id}/next-failover", (_, r, b) => Ok(_emulator.Sim.Sync(now =>
            {
                var group = _emulator.Account.Find(r["id"], now);
                var outcome = (string?)b["outcome"] ?? throw ApiException.InvalidParameter("Give the outcome: succeed, fail or hang.");
                group.FailNextFailover = outcome == "fail";
                group.HangNextFailover = outcome == "hang";
                if (outcome != "fail" && outcome != "hang" && outcome != "succeed")
                {
                    throw ApiException.InvalidParameter($"Unknown outcome '{outcome}': use succeed, fail or hang.");
                }
                return group.ToJson(listEntry: false);
            })));
            Map("POST", "/control/account/failover-groups/{id}/release", (_, r, _) => Ok(_emulator.Sim.Sync(now =>
            {
                var group = _emulator.Account.Find(r["id"], now);
                group.Release(now);
                return group.ToJson(listEntry: false);
            })));
            Map("POST", "/control/account/failover-groups/{id}/replication-lag", (_, r, b) => Ok(_emulator.Sim.Sync(now =>
            {
                var seconds = (double?)b["seconds"] ?? throw ApiException.InvalidParameter("Give the lag: {\"seconds\": 300}.");
                if (seconds < 0) throw ApiException.InvalidParameter("The lag must not be negative.");
                var group = _emulator.Account.Find(r["id"], now);
                group.SetReplicationLag(TimeSpan.FromSeconds(seconds), now);
                return group.ToJson(listEntry: false);
            })));
            Map("GET", "/control/clock", (_, _, _) => Ok(ClockJson()));
            Map("POST", "/control/clock/advance", (_, _, b) =>
            {
                var seconds = (double?)b["seconds"]
                    ?? throw ApiException.InvalidParameter("Give the seconds to advance by: {\"seconds\": 86400}.");
                if (seconds < 0) throw ApiException.InvalidParameter("The clock only moves forward: seconds must not be negative.");
                _emulator.Advance(TimeSpan.FromSeconds(seconds));
                return Ok(ClockJson());
            });
            Map("POST", "/control/clock/scale", (_, _, b) =>
            {
                var scale = (double?)b["scale"] ?? throw ApiException.InvalidParameter("Give the scale: {\"scale\": 1000}.");
                if (scale < 0) throw ApiException.InvalidParameter("The scale must not be negative.");
                _emulator.Clock.Scale = scale;
                return Ok(ClockJson());
            });
            Map("POST", "/control/workspaces/{ws}/down",
                async (_, r, _) => { await _emulator.TakeDownAsync(Ws(r).Name); return Describe(Ws(r)); });
            Map("POST", "/control/workspaces/{ws}/up",
                async (_, r, _) => { await _emulator.BringUpAsync(Ws(r).Name); return Describe(Ws(r)); });
            Map("POST", "/control/workspaces/{ws}/hang", (_, r, _) => { Ws(r).Faults.Hang(); return Ok(Describe(Ws(r))); });
            Map("POST", "/control/workspaces/{ws}/unhang", (_, r, _) => { Ws(r).Faults.Unhang(); return Ok(Describe(Ws(r))); });
            Map("POST", "/control/workspaces/{ws}/latency", (_, r, b) =>
            {
                var ms = (double?)b["milliseconds"] ?? throw ApiException.InvalidParameter("Give the latency: {\"milliseconds\": 250}.");
                Ws(r).Faults.Latency = TimeSpan.FromMilliseconds(ms);
                return Ok(Describe(Ws(r)));
            });
            Map("GET", "/control/workspaces/{ws}/rate-limits", (_, r, _) => Ok(Limits(Ws(r))));
            Map("POST", "/control/workspaces/{ws}/rate-limits", (_, r, b) =>
            {
                var ws = Ws(r);
                if (b["limits"] is JObject limits)
                {
                    try
                    {
                        ws.Limits.Set(limits.Properties().Select(p => ParseLimit(p.Name, p.Value)).ToList());
                    }
                    catch (ArgumentException ex)
                    {
                        throw ApiException.InvalidParameter(ex.Message);
                    }
                }
                if (b["enabled"] != null) ws.Limits.Enabled = b["enabled"]!.Type == JTokenType.Boolean ? (bool)b["enabled"]!
                    : throw ApiException.InvalidParameter("'enabled' must be true or false.");
                return Ok(Limits(ws));
            });
            Map("DELETE", "/control/workspaces/{ws}/rate-limits", (_, r, _) => { Ws(r).Limits.Reset(); return Ok(Limits(Ws(r))); });
            Map("POST", "/control/account/faults", (_, _, b) =>
            {
                var rule = ParseRule(b);
                if (rule.Kind != FaultKind.Status && rule.Kind != FaultKind.Reset)
                {
                    throw ApiException.InvalidParameter("The account host takes status and reset faults only.");
                }
                _emulator.Account.Faults.Add(rule);
                return Ok(new JObject { ["faults"] = _emulator.Account.Faults.Rules.Count });
            });
            Map("GET", "/control/account/faults", (_, _, _) => Ok(new JObject { ["faults"] = _emulator.Account.Faults.Rules.Count }));
            Map("DELETE", "/control/account/faults", (_, _, _) => { _emulator.Account.Faults.Clear(); return Ok(new JObject()); });
            Map("POST", "/control/workspaces/{ws}/faults", (_, r, b) => { Ws(r).Faults.Add(ParseRule(b)); return Ok(Describe(Ws(r))); });
            Map("DELETE", "/control/workspaces/{ws}/faults", (_, r, _) => { Ws(r).Faults.Clear(); return Ok(Describe(Ws(r))); });
            Map("POST", "/control/workspaces/{ws}/pipelines/{pipeline_id}/fail-next-update", (_, r, b) =>
            {
                var ws = Ws(r);
                var count = (int?)b["count"] ?? 1;
                ws.Sim.Sync(_ => ws.Pipelines.Find(r["pipeline_id"]).FailNextUpdates += count);
                return Ok(new JObject { ["pipeline_id"] = r["pipeline_id"], ["fail_next_updates"] = count });
            });
            Map("GET", "/control/workspaces/{ws}/requests", (ctx, r, _) =>
            {
                var since = long.TryParse(ctx.Request.Query["since"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture,
                    out var s) ? s : 0;
                var log = Ws(r).Requests;
                return Ok(new JObject
                {
                    ["requests"] =
                        new JArray(log.Since(since).Select(e
                            => JObject.FromObject(e, Newtonsoft.Json.JsonSerializer.Create(new Newtonsoft.Json.JsonSerializerSettings
                    {
                        ContractResolver =
                            new Newtonsoft.Json.Serialization.DefaultContractResolver { NamingStrategy =
                                new Newtonsoft.Json.Serialization.SnakeCaseNamingStrategy() },
                        NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore,
                    })))),
                    ["last_sequence"] = log.LastSequence,
                });
            });
            Map("DELETE", "/control/workspaces/{ws}/requests", (_, r, _) => { Ws(r).Requests.Clear(); return Ok(new JObject()); });
            Map("POST", "/control/workspaces/{ws}/auth", (_, r, b) =>
            {
                var ws = Ws(r);
                SetAuth(ws.Auth, ws.Sim, b);
                return Ok(Describe(ws));
            });
            Map("POST", "/control/account/auth", (_, _, b) =>
            {
                SetAuth(_emulator.Account.Auth, _emulator.Sim, b);
                return Ok(new JObject { ["accept_any"] = _emulator.Account.Auth.AcceptAnyToken });
            });
            Map("GET", "/control/workspaces/{ws}/deletions", (_, r, _) =>
            {
                var ws = Ws(r);
                return Ok(new JArray(ws.Read(w => w.Pipelines.Deletions.ToList()).Select(d => new JObject
                {
                    ["pipeline_id"] = d.PipelineId,
                    ["name"] = d.Name,
                    ["cascade"] = d.Cascade,
                    ["deleted_at"] = Json.IsoTime(d.At),
                })));
            });
        }

        public async Task InvokeAsync(HttpContext ctx)
        {
            var path = ctx.Request.Path.Value ?? "/";
            if (path.StartsWith(BlobContainerStandIn.PathPrefix, StringComparison.Ordinal))
            {
                // The Blob service's shape, not the control API's JSON.
                await _emulator.Blobs.HandleAsync(ctx).ConfigureAwait(false);
                return;
            }
            try
            {
                var handler = _routes.Match(ctx.Request.Method, path, out var route)
                              ?? throw new ApiException(System.Net.HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND",
                                  $"No control API at '{ctx.Request.Method} {path}'. See src/DltDr.Emulator/README.md.");
                var body = Json.ParseObject(await HttpJson.ReadBodyAsync(ctx).ConfigureAwait(false));
                var answer = await handler(ctx, route, body).ConfigureAwait(false);
                await HttpJson.WriteAsync(ctx, 200, answer).ConfigureAwait(false);
            }
            catch (ApiException ex)
            {
                await HttpJson.WriteErrorAsync(ctx, (int)ex.Status, ex.ErrorCode, ex.Message).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is KeyNotFoundException)
            {
                await HttpJson.WriteErrorAsync(ctx, ex is KeyNotFoundException ? 404 : 400,
                    ex is KeyNotFoundException ? "RESOURCE_DOES_NOT_EXIST" : "INVALID_PARAMETER_VALUE", ex.Message).ConfigureAwait(false);
            }
        }

        private void Map(string method, string template, Handler handler) => _routes.Add(method, template, handler);

        private static Task<JToken> Ok(JToken value) => Task.FromResult(value);

        private EmulatedWorkspace Ws(IReadOnlyDictionary<string, string> route) => _emulator[route["ws"]];

        private JObject ClockJson()
        {
            var now = _emulator.Clock.Now;
            return new JObject { ["now"] = Json.IsoTime(now), ["now_ms"] = now.ToUnixTimeMilliseconds(),
                ["scale"] = _emulator.Clock.Scale };
        }

        /// <summary>A limit as a number (calls per second) or {"count": N, "seconds": S}.</summary>
        private static (string Name, int Count, TimeSpan Window) ParseLimit(string name, JToken value)
        {
            var how = $"Give limit '{name}' as calls per second (a whole number of at least 1) or {{\"count\": 255, \"seconds\": 60}}.";
            if (value.Type == JTokenType.Integer && (long)value >= 1) return (name, (int)value, TimeSpan.FromSeconds(1));
            if (value is JObject o && o["count"]?.Type == JTokenType.Integer && (long)o["count"]! >= 1
                && (o["seconds"] == null
                    || ((o["seconds"]!.Type == JTokenType.Integer || o["seconds"]!.Type == JTokenType.Float) && (double)o["seconds"]! > 0)))
            {
                return (name, (int)o["count"]!, TimeSpan.FromSeconds((double?)o["seconds"] ?? 1));
            }
            throw ApiException.InvalidParameter(how);
        }

        private static JObject Limits(EmulatedWorkspace ws)
        {
            var refused = ws.Limits.Refused;
            return new JObject
            {
                ["enabled"] = ws.Limits.Enabled,
                ["limits"] = new JObject(ws.Limits.Rules.Select(l => new JProperty(l.Name, new JObject
                {
                    ["method"] = l.Method,
                    ["count"] = l.Count,
                    ["seconds"] = l.Window.TotalSeconds,
                    ["refused"] = refused.TryGetValue(l.Name, out var n) ? n : 0,
                }))),
            };
        }

        private static JObject Describe(EmulatedWorkspace ws)
        {
            var o = new JObject
            {
                ["name"] = ws.Name,
                ["url"] = ws.BaseUrl,
                ["org_id"] = ws.OrgId,
                ["down"] = ws.IsDown,
                ["hung"] = ws.Faults.IsHung,
                ["latency_ms"] = ws.Faults.Latency.TotalMilliseconds,
                ["faults"] = ws.Faults.Rules.Count,
                ["accept_any_token"] = ws.Auth.AcceptAnyToken,
                ["rate_limits"] = ws.Limits.Enabled,
            };
            if (ws.HttpsPort != null) o["https_url"] = "https://" + ws.Address + ":"
                + ws.HttpsPort.Value.ToString(CultureInfo.InvariantCulture);
            return o;
        }

        /// <summary>
        /// {"accept_any": true}, or {"tokens": [{"token", "user", "read_only"}], "clients": [{"client_id", "client_secret"}]}.
        /// </summary>
        private static void SetAuth(Auth.AuthPolicy auth, Simulation.SimulationContext sim, JObject b)
        {
            if ((bool?)b["accept_any"] ?? false)
            {
                sim.Sync(_ => auth.AcceptAny());
                return;
            }
            var tokens = (b["tokens"] as JArray ?? new JArray()).Select(t
                => ((string?)t["token"] ?? throw ApiException.InvalidParameter("Each token needs a 'token'."),
                    (string?)t["user"] ?? "user@dltdr.example", (bool?)t["read_only"] ?? false)).ToList();
            var clients = (b["clients"] as JArray ?? new JArray()).Select(c
                => ((string?)c["client_id"] ?? throw ApiException.InvalidParameter("Each client needs a 'client_id'."),
                    (string?)c["client_secret"] ?? throw ApiException.InvalidParameter("Each client needs a 'client_secret'."))).ToList();
            sim.Sync(_ => auth.Restrict(tokens, clients));
        }

        /// <summary>
        /// {"kind": "status|reset|applied_then_timeout|hang|down", "status": 429, "retry_after_seconds": 2, "method": "POST",
        /// "path_prefix": "/api/2.0/pipelines", "query_contains": "path=/Users/ana", "count": 3, "rate": 0.5}
        /// </summary>
        internal static FaultRule ParseRule(JObject b)
        {
            var kind = ((string?)b["kind"] ?? "status").ToLowerInvariant() switch
            {
                "status" => FaultKind.Status,
                "reset" => FaultKind.Reset,
                "applied_then_timeout" => FaultKind.AppliedThenTimeout,
                "hang" => FaultKind.Hang,
                "down" => FaultKind.Down,
                var other
                    => throw ApiException.InvalidParameter($"Unknown fault kind '{other}': use status, reset, applied_then_timeout, "
                        + $"hang or down."),
            };
            var status = (int?)b["status"] ?? 503;
            if (kind == FaultKind.Status
                && (status < 400
                    || status > 599)) throw ApiException.InvalidParameter($"A fault status must be between 400 and 599, not {status}.");
            return new FaultRule
            {
                Kind = kind,
                Status = status,
                ErrorCode = (string?)b["error_code"],
                RetryAfterSeconds = (int?)b["retry_after_seconds"],
                Method = (string?)b["method"],
                PathPrefix = (string?)b["path_prefix"],
                QueryContains = (string?)b["query_contains"],
                Remaining = (int?)b["count"],
                Rate = (double?)b["rate"],
            };
        }
    }
}
