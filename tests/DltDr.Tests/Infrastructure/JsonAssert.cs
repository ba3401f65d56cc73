using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit.Sdk;

namespace DltDr.Tests.Infrastructure
{
    public static class JsonAssert
    {
        /// <summary>Exact JSON equality (property order aside), with both documents in the message when they differ.</summary>
        public static void Equal(JToken expected, JToken? actual)
        {
            if (!JToken.DeepEquals(expected, actual))
            {
                throw new XunitException("JSON differs.\nExpected: " + expected.ToString(Formatting.Indented) + "\nActual:   " + (actual?.ToString(Formatting.Indented) ?? "null"));
            }
        }
    }
}
