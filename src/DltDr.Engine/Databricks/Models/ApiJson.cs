using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>The one serializer setting for the wire: nulls are not sent, dates stay strings.</summary>
    public static class ApiJson
    {
        public static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            NullValueHandling = NullValueHandling.Ignore,
            DateParseHandling = DateParseHandling.None,
            MissingMemberHandling = MissingMemberHandling.Ignore,
        });

        public static T Read<T>(JToken token) => token.ToObject<T>(Serializer)!;

        public static JObject Write(object value) => JObject.FromObject(value, Serializer);

        public static T DeepCopy<T>(T value) where T : class => Read<T>(Write(value));

        public static JObject Parse(string text)
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            return JObject.Load(reader);
        }
    }
}
