using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>Reading request fields with the service's own errors for a wrong type.</summary>
    internal static class Json
    {
        public static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            NullValueHandling = NullValueHandling.Ignore,
            DateParseHandling = DateParseHandling.None,
            Formatting = Formatting.None,
        };

        public static JObject ParseObject(string body)
        {
            if (string.IsNullOrWhiteSpace(body)) return new JObject();
            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(body)) { DateParseHandling = DateParseHandling.None };
                var token = JToken.ReadFrom(reader);
                if (token is JObject o) return o;
                throw ApiException.Malformed("Invalid JSON given in the body of the request - expected a map");
            }
            catch (JsonException)
            {
                throw ApiException.Malformed("Invalid JSON given in the body of the request - failed to parse given JSON");
            }
        }

        public static string? OptString(JObject o, string field)
        {
            var t = o[field];
            if (t == null || t.Type == JTokenType.Null) return null;
            if (t.Type != JTokenType.String) throw ApiException.Malformed($"Expected a string for field '{field}'.");
            return (string?)t;
        }

        public static bool? OptBool(JObject o, string field)
        {
            var t = o[field];
            if (t == null || t.Type == JTokenType.Null) return null;
            if (t.Type == JTokenType.Boolean) return (bool)t;
            if (t.Type == JTokenType.String && bool.TryParse((string?)t, out var b)) return b;
            throw ApiException.Malformed($"Expected a boolean for field '{field}'.");
        }

        public static long? OptLong(JObject o, string field)
        {
            var t = o[field];
            if (t == null || t.Type == JTokenType.Null) return null;
            if (t.Type == JTokenType.Integer) return (long)t;
            // Proto JSON accepts 64-bit integers as strings.
            if (t.Type == JTokenType.String && long.TryParse((string?)t, out var l)) return l;
            throw ApiException.Malformed($"Expected an integer for field '{field}'.");
        }

        public static long RequiredLong(JObject o, string field)
            => OptLong(o, field) ?? throw ApiException.InvalidParameter($"Missing required field: {field}");

        public static JObject? OptObject(JObject o, string field)
        {
            var t = o[field];
            if (t == null || t.Type == JTokenType.Null) return null;
            return t as JObject ?? throw ApiException.Malformed($"Expected an object for field '{field}'.");
        }

        public static JArray? OptArray(JObject o, string field)
        {
            var t = o[field];
            if (t == null || t.Type == JTokenType.Null) return null;
            return t as JArray ?? throw ApiException.Malformed($"Expected an array for field '{field}'.");
        }

        public static IReadOnlyList<string> OptStringList(JObject o, string field)
            => OptArray(o,
                field)?.Select(t => t.Type == JTokenType.String ? (string)t!
                    : throw ApiException.Malformed($"Expected strings in field '{field}'.")).ToList()
               ?? (IReadOnlyList<string>)Array.Empty<string>();

        public static string IsoTime(DateTimeOffset t)
            => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
