using System;
using System.IO;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Time;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// The one HTTP pipeline to a workspace, shared by all its calls: authentication, retries with
    /// capped exponential backoff and jitter under an overall deadline, Retry-After, per-attempt
    /// timeouts, cancellation, redaction, and typed errors. Only https hosts, except loopback.
    /// </summary>
    public sealed class DatabricksTransport : IDisposable
    {
        private static readonly string Version = typeof(DatabricksTransport).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        private readonly HttpClient _http;
        private readonly TransportOptions _options;
        private readonly Random _jitter = new Random();
        private readonly string _userAgent;
        private readonly object _clockSync = new object();
        private DateTimeOffset? _serviceDate;
        private readonly Concurrency.AsyncGate _requests;
        private readonly Clock _clock;
        private long _receivedAtTimestamp;

        static DatabricksTransport() => Tls.EnsureTls12();

        public DatabricksTransport(Uri host, ICredentialProvider credentials, TransportOptions? options = null)
        {
            Host = WorkspaceHost.Validate(host);
            Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            _options = options ?? new TransportOptions();
            _clock = _options.Clock;
            Verdict = new HostReachability(_clock);
            var handler = _options.Handler ?? WorkspaceHost.NewHandler(Host, _options.MaxConcurrentRequests);
            if (_options.WrapHandler != null) handler = _options.WrapHandler(handler);
            _requests = new Concurrency.AsyncGate(Math.Max(1, _options.MaxConcurrentRequests));
            _http = new HttpClient(handler, disposeHandler: _options.Handler == null) { Timeout = Timeout.InfiniteTimeSpan };
            Pacer = _options.PaceRequests ? new RequestPacer(_clock) : null;
            _userAgent = $"DltDr/{Version} dotnet/{Environment.Version}"
                + (_options.UserAgentSuffix != null ? " " + _options.UserAgentSuffix : string.Empty);
        }

        /// <summary>
        /// The service's clock as its last answer gave it (the Date header), moved on by the time since; null before any answer.
        /// </summary>
        public DateTimeOffset? ServiceNow
        {
            get
            {
                lock (_clockSync)
                {
                    return _serviceDate == null ? (DateTimeOffset?)null : _serviceDate.Value + _clock.GetElapsedTime(_receivedAtTimestamp);
                }
            }
        }

        /// <summary>The workspace's id, as its answers carry it (the X-Databricks-Org-Id header); null before any.</summary>
        public string? WorkspaceId { get; private set; }

        /// <summary>The workspace URL, without a trailing slash.</summary>
        public Uri Host { get; }

        public ICredentialProvider Credentials { get; }

        /// <summary>The clock every wait and timeout of this workspace's calls is on.</summary>
        public Clock Clock => _clock;

        /// <summary>
        /// Paces calls per endpoint class under the workspace's request limits; null when <see cref="TransportOptions.PaceRequests"/> is
        /// off.
        /// </summary>
        public RequestPacer? Pacer { get; }

        /// <summary>What this command has learned about the host: refused or hung hosts are not waited for twice.</summary>
        public HostReachability Verdict { get; }

        private string HostText => Host.GetLeftPart(UriPartial.Authority);

        /// <summary>Sends the call, retrying as its <see cref="CallKind"/> allows, and answers the JSON body ({} when empty).</summary>
        public async Task<JObject> SendAsync(DatabricksRequest request, CancellationToken cancel)
        {
            // The retry budget counts this call's own attempts and waits, not what others did meanwhile.
            var spent = TimeSpan.Zero;
            var refreshedCredentials = false;
            var connectFailures = 0;
            for (var attempt = 1; ; attempt++)
            {
                cancel.ThrowIfCancellationRequested();
                if (Verdict.Reason != null)
                {
                    // Judged earlier in this command: answer at once rather than wait for it again.
                    throw Error(request, 0, Verdict.ErrorCode!, Verdict.Reason + " (judged earlier in this command; not sent again)", null,
                        false, attempt, null);
                }
                AttemptOutcome outcome;
                // Waiting for the endpoint's pace and a free slot is not part of the attempt's timeout.
                if (Pacer != null) await Pacer.WaitAsync(request, cancel).ConfigureAwait(false);
                await _requests.WaitAsync(cancel).ConfigureAwait(false);
                var sent = _clock.UtcNow;
                var watch = _clock.StartWatch();
                try
                {
                    outcome = await AttemptAsync(request, attempt, cancel).ConfigureAwait(false);
                }
                finally
                {
                    _requests.Release();
                }
                spent += watch.Elapsed;
                if (outcome.Answer != null)
                {
                    Pacer?.Answered(request, sent);
                    return outcome.Answer;
                }
                var error = outcome.Error!;
                var rule = outcome.Rule!;
                if (error.IsThrottled && Pacer != null) Log($"{request} on {HostText}: " + Describe(Pacer.Throttled(request, sent,
                    outcome.RetryAfter), RateLimits.ClassOf(request).Name));

                if (rule.Handling == AttemptHandling.Reconnect)
                {
                    // A refused connection or an unknown name is not a busy service: a short bounded
                    // retry for a blip, then the host is unreachable for the rest of the command.
                    if (++connectFailures > _options.ConnectRetries)
                    {
                        Verdict.Unreachable(error.ServiceMessage);
                        throw error;
                    }
                    var pause = TimeSpan.FromMilliseconds(_options.ConnectRetryDelay.TotalMilliseconds * Math.Pow(2, connectFailures - 1));
                    Log($"{request} on {HostText}: cannot connect, trying again in {pause.TotalMilliseconds:0} ms (attempt {attempt})");
                    spent += pause;
                    await _clock.Delay(pause, cancel).ConfigureAwait(false);
                    continue;
                }
                if (rule.Handling == AttemptHandling.RefreshCredentials && !refreshedCredentials && Credentials.Invalidate())
                {
                    // A cached token expired or was revoked: fetch a new one once.
                    refreshedCredentials = true;
                    Log($"{request} on {HostText}: credentials refused, refreshing them");
                    continue;
                }
                if (!rule.Retries(request.Kind)) throw error;
                var wait = outcome.RetryAfter ?? Backoff(attempt);
                // A 429 says the workspace is there and busy: the call keeps its turn longer than
                // the region's deadline, which is about regions that do not answer.
                var limit = error.IsThrottled && _options.ThrottledRetryDeadline > _options.RetryDeadline ? _options.ThrottledRetryDeadline
                    : _options.RetryDeadline;
                if (spent + wait > limit)
                {
                    Log($"{request} on {HostText}: giving up after {attempt} attempts, the retry deadline of {limit.TotalSeconds:0} "
                        + $"s is reached");
                    throw error;
                }
                Log($"{request} on {HostText}: {error.ErrorCode}, retrying in {wait.TotalMilliseconds:0} ms (attempt {attempt})");
                spent += wait;
                await _clock.Delay(wait, cancel).ConfigureAwait(false);
            }
        }

        /// <summary>What a 429 did to the pace of its class, for -Debug.</summary>
        private static string Describe(PaceVerdict v, string name)
        {
            var pace = v.PerSecond is double p ? $"{p:0.#} calls per second" : "unpaced";
            var seen = $"{v.RefusedShare:P0} of the last calls refused, {v.Accepted:0.#} a second let through";
            return v.Cause switch
            {
                PaceCause.Limit => $"over the workspace's request limit ({seen}), pacing {name} at {pace}",
                PaceCause.Probing => $"429 ({seen}), pacing {name} at {pace} to see whether slowing down cures it",
                PaceCause.Unjudged => $"429 ({seen}), too few calls yet to judge, {name} stays at {pace}; this call waits its Retry-After",
                _ => $"429 that slowing down does not cure ({seen}), {name} stays at {pace}; this call waits its Retry-After",
            };
        }

        private async Task<AttemptOutcome> AttemptAsync(DatabricksRequest request, int attempt, CancellationToken cancel)
        {
            var headers = await Credentials.GetHeadersAsync(cancel).ConfigureAwait(false);
            using var message = new HttpRequestMessage(request.Method, new Uri(Host, request.PathAndQuery));
            foreach (var h in headers) message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            message.Headers.Accept.ParseAdd("application/json");
            if (request.Body != null)
            {
                message.Content = new StringContent(request.Body.ToString(Formatting.None), Encoding.UTF8, "application/json");
            }

            // After one call went unanswered the host is suspect: probe it with a short timeout.
            var timeout = Verdict.Suspect && _options.ProbeTimeout < _options.RequestTimeout ? _options.ProbeTimeout
                : _options.RequestTimeout;
            using var attemptCts = _clock.Timeout(timeout, cancel);
            var sw = _clock.StartWatch();
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancel);
            }
            catch (OperationCanceledException ex)
            {
                Log($"{request} on {HostText}: no answer within {timeout.TotalSeconds:0.###} s (attempt {attempt})");
                Verdict.TimedOut(timeout, request.Kind == CallKind.Read, $"no answer within {timeout.TotalSeconds:0.###} s");
                return Failure(request, TransportErrorCodes.Timeout, $"no answer within {timeout.TotalSeconds:0.###} s", attempt, ex);
            }
            catch (HttpRequestException ex)
            {
                var notSent = SendFailure.IsConnectFailure(ex);
                Log($"{request} on {HostText}: {(notSent ? "cannot connect" : "connection lost")} (attempt {attempt})");
                return notSent
                    ? Failure(request, TransportErrorCodes.Unreachable, "cannot connect: " + SendFailure.Describe(ex), attempt, ex)
                    : Failure(request, TransportErrorCodes.ConnectionLost, "the connection was lost: " + SendFailure.Describe(ex), attempt,
                        ex);
            }

            using (response)
            {
                string text;
                try
                {
                    text = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
                {
                    return Failure(request, TransportErrorCodes.ConnectionLost, "the connection was lost while reading the answer", attempt,
                        ex);
                }
                Verdict.Answered();
                var requestId = ServiceAnswer.FirstHeader(response, "x-request-id");
                if (ServiceAnswer.FirstHeader(response, "x-databricks-org-id") is string orgId) WorkspaceId = orgId;
                if (response.Headers.Date is DateTimeOffset date)
                {
                    lock (_clockSync)
                    {
                        _serviceDate = date;
                        _receivedAtTimestamp = _clock.GetTimestamp();
                    }
                }
                var status = (int)response.StatusCode;
                Log($"{request} on {HostText}: {status} in {sw.Elapsed.TotalMilliseconds:0} "
                    + $"ms{(requestId != null ? " (request id " + requestId + ")" : string.Empty)}");
                if (response.IsSuccessStatusCode)
                {
                    if (string.IsNullOrWhiteSpace(text)) return new AttemptOutcome { Answer = new JObject() };
                    try
                    {
                        using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                        return new AttemptOutcome { Answer = JObject.Load(reader) };
                    }
                    catch (JsonException ex)
                    {
                        throw Error(request, status, TransportErrorCodes.InvalidResponse, "the answer is not JSON", requestId, false,
                            attempt, ex);
                    }
                }

                var (code, serviceMessage) = ServiceAnswer.ParseError(text, response);
                var rule = AttemptRules.Of(status, code);
                return new AttemptOutcome
                {
                    Error = Error(request, status, code, serviceMessage, requestId, rule.OutcomeUnknown(request.Kind), attempt, null),
                    Rule = rule,
                    RetryAfter = rule.Retries(request.Kind) ? ServiceAnswer.RetryAfter(response, _clock.UtcNow) : null,
                };
            }
        }

        /// <summary>A failure with no answer (not sent, timed out, connection lost), as the attempt rules judge it.</summary>
        private AttemptOutcome Failure(DatabricksRequest request, string code, string message, int attempt, Exception inner)
        {
            var rule = AttemptRules.Of(0, code);
            return new AttemptOutcome
            {
                Error = Error(request, 0, code, message, null, rule.OutcomeUnknown(request.Kind), attempt, inner),
                Rule = rule,
            };
        }

        private DatabricksApiException Error(DatabricksRequest request, int status, string code, string message, string? requestId,
            bool unknown, int attempt, Exception? inner)
            => new DatabricksApiException(HostText, request.ToString(), status, code, Redactor.Redact(message, Credentials.Secrets),
                requestId, unknown, attempt,
                inner == null ? null : new RedactedException(Redactor.Redact(inner.Message, Credentials.Secrets), inner.GetType().Name));

        private TimeSpan Backoff(int attempt)
        {
            var exp = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
            var capped = Math.Min(exp, _options.MaxBackoff.TotalMilliseconds);
            double factor;
            lock (_jitter) factor = 0.5 + _jitter.NextDouble() * 0.5;
            return TimeSpan.FromMilliseconds(capped * factor);
        }

        private void Log(string line) => _options.Log?.Invoke(Redactor.Redact(line, Credentials.Secrets));

        public void Dispose()
        {
            _http.Dispose();
        }

        private sealed class AttemptOutcome
        {
            public JObject? Answer { get; set; }
            public DatabricksApiException? Error { get; set; }
            /// <summary>The attempt rule the failure falls under; null for an answer.</summary>
            public AttemptRule? Rule { get; set; }
            public TimeSpan? RetryAfter { get; set; }
        }
    }
}
