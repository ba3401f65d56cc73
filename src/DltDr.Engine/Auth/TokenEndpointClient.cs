using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// Calls token endpoints (Databricks OIDC, Entra ID, managed identity) and reads their answers, redacting what it reports.
    /// </summary>
    public sealed class TokenEndpointClient : IDisposable
    {
        private readonly HttpClient _http;
        private readonly Time.Clock _clock;
        private readonly TimeSpan _timeout;

        public TokenEndpointClient(HttpMessageHandler? handler = null, Time.Clock? clock = null, TimeSpan? timeout = null)
        {
            _http = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            _timeout = timeout ?? TimeSpan.FromSeconds(30);
            _clock = clock ?? Time.Clock.System;
        }

        public async Task<AccessToken> PostFormAsync(string method, Uri endpoint, IDictionary<string, string> form,
            AuthenticationHeaderValue? authorization, IEnumerable<string> secrets, CancellationToken cancel)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = authorization;
            return await SendAsync(method, request, secrets, cancel).ConfigureAwait(false);
        }

        public async Task<AccessToken> GetAsync(string method, Uri endpoint, IDictionary<string, string> headers,
            IEnumerable<string> secrets, CancellationToken cancel)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
            foreach (var h in headers) request.Headers.TryAddWithoutValidation(h.Key, h.Value);
            return await SendAsync(method, request, secrets, cancel).ConfigureAwait(false);
        }

        /// <summary>
        /// A JSON document fetched without credentials (host metadata, OIDC discovery), or null
        /// when it is not served, not JSON or not reachable: discovery falls back, it never fails.
        /// </summary>
        public async Task<JObject?> TryGetJsonAsync(Uri endpoint, CancellationToken cancel)
        {
            try
            {
                using var within = _clock.Timeout(_timeout, cancel);
                using var response = await _http.GetAsync(endpoint, within.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) return null;
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                return JObject.Load(reader);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException || ex is JsonException)
            {
                return null;
            }
        }

        private async Task<AccessToken> SendAsync(string method, HttpRequestMessage request, IEnumerable<string> secrets,
            CancellationToken cancel)
        {
            var where = request.RequestUri!.GetLeftPart(UriPartial.Path);
            HttpResponseMessage response;
            using var within = _clock.Timeout(_timeout, cancel);
            try
            {
                response = await _http.SendAsync(request, within.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException)
            {
                throw new CredentialException(method,
                    $"{method}: the token endpoint {where} could not be reached: {Redactor.Redact(Innermost(ex).Message, secrets)}");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                JObject? body = null;
                try
                {
                    using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                    body = JObject.Load(reader);
                }
                catch (JsonException)
                {
                }
                if (!response.IsSuccessStatusCode)
                {
                    var reason = (string?)body?["error_description"] ?? (string?)body?["error"] ?? (string?)body?["message"]
                        ?? response.ReasonPhrase ?? string.Empty;
                    var code = (string?)body?["error"] ?? (string?)body?["error_code"];
                    throw new CredentialException(method,
                        Redactor.Redact($"{method}: the token endpoint {where} answered "
                            + $"{(int)response.StatusCode}{(code != null ? " " + code : string.Empty)}: {reason}", secrets),
                        refusedBy: Refuses((int)response.StatusCode, code) ? request.RequestUri : null);
                }
                var token = (string?)body?["access_token"] ?? (string?)body?["accessToken"];
                if (string.IsNullOrEmpty(token)) throw
                    new CredentialException(method, $"{method}: the token endpoint {where} answered without an access_token.");
                return new AccessToken(token!, ExpiresOn(body!, _clock.UtcNow));
            }
        }

        /// <summary>
        /// The endpoint refused the client, as OAuth 2.0 (RFC 6749 5.2) and Entra ID say it: a 401 or 403, or a 400 whose
        /// error is invalid_client, invalid_grant or unauthorized_client. Other answers (a bad request, a server error) say
        /// nothing about the credentials themselves.
        /// </summary>
        internal static bool Refuses(int status, string? error)
            => status == 401 || status == 403
                || (status == 400 && (error == "invalid_client" || error == "invalid_grant" || error == "unauthorized_client"));

        /// <summary>expires_in (seconds from now) or expires_on (epoch seconds, as managed identity answers it), else an hour.</summary>
        public static DateTimeOffset ExpiresOn(JObject body, DateTimeOffset now)
        {
            var expiresOn = (string?)body["expires_on"];
            if (expiresOn != null && long.TryParse(expiresOn, out var epoch)) return DateTimeOffset.FromUnixTimeSeconds(epoch);
            var expiresIn = (string?)body["expires_in"];
            if (expiresIn != null
                && double.TryParse(expiresIn, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
                    out var seconds)) return now.AddSeconds(seconds);
            return now.AddHours(1);
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }

        public void Dispose() => _http.Dispose();

        internal static AuthenticationHeaderValue Basic(string id, string secret)
            => new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret))));
    }
}
