using System.Linq;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>An HTTP answer: status, raw body and headers.</summary>
    public sealed class ApiAnswer
    {
        public ApiAnswer(int status, string raw, HttpResponseHeaders headers)
        {
            Status = status;
            Raw = raw;
            Headers = headers;
        }

        public int Status { get; }
        public string Raw { get; }
        public HttpResponseHeaders Headers { get; }

        public JObject Json => string.IsNullOrEmpty(Raw) ? new JObject() : Parse(Raw);

        /// <summary>Parses JSON as sent: timestamps stay strings.</summary>
        public static JObject Parse(string raw)
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new System.IO.StringReader(raw)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            return JObject.Load(reader);
        }

        public string? Header(string name) => Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;

        /// <summary>Asserts the exact Databricks error answer: status, error_code, message.</summary>
        public void AssertError(int status, string errorCode, string message)
        {
            Assert.True(Status == status, $"expected HTTP {status}, got {Status}: {Raw}");
            var expected = new JObject
            {
                ["error_code"] = errorCode,
                ["message"] = message,
                ["details"] = new JArray(new JObject
                {
                    ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                    ["reason"] = errorCode,
                    ["domain"] = "",
                    ["metadata"] = new JObject(),
                }),
            };
            JsonAssert.Equal(expected, Json);
        }
    }
}
