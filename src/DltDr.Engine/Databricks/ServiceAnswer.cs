using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>What the transport reads from an answer besides its body: the error's code and message, Retry-After, headers.</summary>
    internal static class ServiceAnswer
    {
        internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
        {
            var ra = response.Headers.RetryAfter;
            if (ra == null) return null;
            if (ra.Delta != null) return ra.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : ra.Delta.Value;
            if (ra.Date != null)
            {
                var d = ra.Date.Value - now;
                return d < TimeSpan.Zero ? TimeSpan.Zero : d;
            }
            return null;
        }

        /// <summary>The error code and message of an answer that is not a success, in the service's words where it gave them.</summary>
        internal static (string Code, string Message) ParseError(string text, HttpResponseMessage response)
        {
            try
            {
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                var o = JObject.Load(reader);
                var code = (string?)o["error_code"] ?? (string?)o["error"];
                var msg = (string?)o["message"] ?? (string?)o["error_description"];
                if (code != null || msg != null) return (code ?? StatusName(response), msg ?? string.Empty);
            }
            catch (JsonException)
            {
            }
            var snippet = text.Length > 200 ? text.Substring(0, 200) + "..." : text;
            return (StatusName(response), string.IsNullOrWhiteSpace(snippet) ? response.ReasonPhrase ?? string.Empty : snippet);
        }

        private static string StatusName(HttpResponseMessage r) => r.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "UNAUTHENTICATED",
            HttpStatusCode.Forbidden => "PERMISSION_DENIED",
            HttpStatusCode.NotFound => "NOT_FOUND",
            (HttpStatusCode)429 => "REQUEST_LIMIT_EXCEEDED",
            HttpStatusCode.ServiceUnavailable => "TEMPORARILY_UNAVAILABLE",
            HttpStatusCode.GatewayTimeout => "DEADLINE_EXCEEDED",
            _ => "HTTP_" + ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture),
        };

        internal static string? FirstHeader(HttpResponseMessage r, string name)
            => r.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;
    }
}
