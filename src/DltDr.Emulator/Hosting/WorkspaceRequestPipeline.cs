using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator.Api;
using DltDr.Emulator.Faults;
using DltDr.Emulator.Model;
using DltDr.Emulator.Simulation;
using Microsoft.AspNetCore.Http;

namespace DltDr.Emulator.Hosting
{
    /// <summary>
    /// What happens to every request a workspace receives: request id, injected faults, the log,
    /// authentication, routing, and the service's error body for anything that goes wrong.
    /// </summary>
    internal sealed class WorkspaceRequestPipeline
    {
        /// <summary>How long an unanswered request is held at most before the connection is dropped.</summary>
        private static readonly TimeSpan MaxHold = TimeSpan.FromMinutes(10);

        private static readonly Router<RestApi.Handler> Routes = RestApi.Build();
        private readonly EmulatedWorkspace _ws;

        public WorkspaceRequestPipeline(EmulatedWorkspace ws) => _ws = ws;

        public async Task InvokeAsync(HttpContext ctx)
        {
            var method = ctx.Request.Method.ToUpperInvariant();
            var path = ctx.Request.Path.Value ?? "/";
            var isRest = path.StartsWith("/api/", StringComparison.Ordinal);
            var requestId = Guid.NewGuid().ToString();
            var entry = new RequestLogEntry
            {
                VirtualTime = _ws.Sim.Clock.Now,
                RealTime = _ws.Sim.Clock.Source.GetUtcNow(),
                Method = method,
                Path = path,
                Query = ctx.Request.QueryString.Value ?? string.Empty,
                IsWrite = isRest && method != "GET" && method != "HEAD",
                UserAgent = ctx.Request.Headers.UserAgent.ToString(),
                RequestId = requestId,
                AzureManagementTokenSent = !string.IsNullOrEmpty(ctx.Request.Headers["X-Databricks-Azure-SP-Management-Token"].ToString()),
                AzureWorkspaceResourceId = NullIfEmpty(ctx.Request.Headers["X-Databricks-Azure-Workspace-Resource-Id"].ToString()),
            };
            // Logged on arrival, and its status set as the answer starts: whoever reads the log once
            // an answer is in hand finds the request there, complete.
            _ws.Requests.Add(entry);
            ctx.Response.OnStarting(() => { entry.Status = ctx.Response.StatusCode; return Task.CompletedTask; });
            ctx.Response.Headers["x-request-id"] = requestId;
            // The service's clock is the emulator's virtual one.
            ctx.Response.Headers.Date = entry.VirtualTime.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.Headers["x-databricks-org-id"] = _ws.OrgId;
            var aborted = ctx.RequestAborted;
            var callId = NullIfEmpty(ctx.Request.Headers[EmulatorHeaders.CallId].ToString());
            try
            {
                if (_ws.IsDown)
                {
                    // Going down: the listener is closing; what still arrives is dropped.
                    entry.Fault = "down";
                    ctx.Abort();
                    return;
                }
                if (_ws.Faults.IsHung)
                {
                    entry.Fault = "hung";
                    await HeldAsync(callId, () => _ws.Faults.WhileHung(aborted)).ConfigureAwait(false);
                }
                var latency = _ws.Faults.Latency;
                if (latency > TimeSpan.Zero) await HeldAsync(callId,
                    () => Task.Delay(latency, _ws.Sim.Clock.Source, aborted)).ConfigureAwait(false);

                var bytes = await HttpJson.ReadBodyBytesAsync(ctx).ConfigureAwait(false);
                var body = Encoding.UTF8.GetString(bytes);
                if (entry.IsWrite) entry.Body = body.Length > 65536 ? body.Substring(0, 65536) : body;

                var query = Uri.UnescapeDataString(ctx.Request.QueryString.Value ?? string.Empty);
                var rule = isRest || OAuthApi.Handles(path) ? _ws.Faults.Take(method, path, query) : null;
                rule?.OnMatch?.Invoke();
                switch (rule?.Kind)
                {
                    case FaultKind.Status:
                        entry.Fault = "status";
                        if (rule.RetryAfterSeconds is int seconds)
                        {
                            ctx.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        }
                        await HttpJson.WriteErrorAsync(ctx, rule.Status, rule.ErrorCode ?? FaultRule.DefaultErrorCode(rule.Status),
                            FaultRule.DefaultMessage(rule.Status)).ConfigureAwait(false);
                        entry.Status = rule.Status;
                        return;
                    case FaultKind.Reset:
                        entry.Fault = "reset";
                        ctx.Abort();
                        return;
                    case FaultKind.Hang:
                        entry.Fault = "hang";
                        await HeldAsync(callId, () => HoldThenDrop(ctx, aborted)).ConfigureAwait(false);
                        return;
                    case FaultKind.Down:
                        entry.Fault = "down";
                        _ws.IsDown = true;
                        _ = _ws.TakeDown!();
                        ctx.Abort();
                        return;
                    case FaultKind.AppliedThenTimeout:
                        entry.Fault = "applied_then_timeout";
                        // Handle for real (the change is made), throw the answer away, never answer.
                        var realBody = ctx.Response.Body;
                        ctx.Response.Body = new MemoryStream();
                        await DispatchAsync(ctx, path, method, body, bytes, entry).ConfigureAwait(false);
                        ctx.Response.Body = realBody;
                        entry.Status = null;
                        await HeldAsync(callId, () => HoldThenDrop(ctx, aborted)).ConfigureAwait(false);
                        return;
                }
                if (isRest && !_ws.Limits.TryTake(method, path, out var limit, out var wait))
                {
                    // Over the endpoint's per-workspace limit: the service's 429, with whole seconds to wait.
                    entry.Fault = "rate_limit";
                    var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                    ctx.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await HttpJson.WriteErrorAsync(ctx, 429, "REQUEST_LIMIT_EXCEEDED",
                        $"Too many requests to {limit!.Name}: this workspace allows {limit}. Retry after {seconds} "
                            + $"s.").ConfigureAwait(false);
                    entry.Status = 429;
                    return;
                }
                await DispatchAsync(ctx, path, method, body, bytes, entry).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client went away.
            }
        }

        private async Task DispatchAsync(HttpContext ctx, string path, string method, string body, byte[] bytes, RequestLogEntry entry)
        {
            try
            {
                if (OAuthApi.Handles(path))
                {
                    await OAuthApi.HandleAsync(_ws, ctx, body, BaseUrlOf(ctx)).ConfigureAwait(false);
                    entry.Status = ctx.Response.StatusCode;
                    return;
                }
                var handler = Routes.Match(method, path, out var route);
                if (handler == null)
                {
                    throw new ApiException(System.Net.HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", $"No API found for '{method} {path}'");
                }
                var auth = _ws.Sim.Sync(now => _ws.Auth.Authenticate(ctx.Request.Headers.Authorization.ToString(), entry.IsWrite, now));
                if (!auth.Allowed)
                {
                    entry.Status = auth.Status;
                    await HttpJson.WriteErrorAsync(ctx, auth.Status, auth.ErrorCode!, auth.Message!).ConfigureAwait(false);
                    return;
                }
                entry.User = auth.User;
                var call = new ApiCall(_ws, ctx, body, bytes, auth.User!);
                // Handled whole under the lock, so the log can tell which writes a read saw.
                var answer = _ws.Sim.Sync(_ =>
                {
                    entry.Handled = _ws.Requests.NextHandled();
                    return handler(call, route);
                });
                entry.Status = 200;
                if (call.RawAnswer is (byte[] content, string contentType)) await HttpJson.WriteBytesAsync(ctx, 200, content,
                    contentType).ConfigureAwait(false);
                else await HttpJson.WriteAsync(ctx, 200, answer).ConfigureAwait(false);
            }
            catch (ApiException ex)
            {
                entry.Status = (int)ex.Status;
                await HttpJson.WriteErrorAsync(ctx, (int)ex.Status, ex.ErrorCode, ex.Message).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                Console.Error.WriteLine($"emulator[{_ws.Name}]: {method} {path} failed: {ex}");
                entry.Status = 500;
                await HttpJson.WriteErrorAsync(ctx, 500, "INTERNAL_ERROR",
                    "The emulator failed to handle the request: " + ex.GetType().Name).ConfigureAwait(false);
            }
        }

        /// <summary>Holds the request without an answer while <paramref name="hold"/> waits on time, telling the observer.</summary>
        private async Task HeldAsync(string? callId, Func<Task> hold)
        {
            _ws.Held?.Holding(callId);
            try
            {
                await hold().ConfigureAwait(false);
            }
            finally
            {
                _ws.Held?.Released(callId);
            }
        }

        private async Task HoldThenDrop(HttpContext ctx, CancellationToken aborted)
        {
            try
            {
                await Task.Delay(MaxHold, _ws.Sim.Clock.Source, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            ctx.Abort();
        }

        private static string BaseUrlOf(HttpContext ctx) => ctx.Request.Scheme + "://" + ctx.Request.Host.Value;

        private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
