using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>One REST call: method, path, query, JSON body, and what repeating it would do.</summary>
    public sealed class DatabricksRequest
    {
        public DatabricksRequest(HttpMethod method, string path, CallKind kind, JToken? body = null, IEnumerable<KeyValuePair<string,
            string?>>? query = null)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/') throw new ArgumentException("The path must start with '/'.", nameof(path));
            Method = method;
            Path = path;
            Kind = kind;
            Body = body;
            Query = (query ?? Enumerable.Empty<KeyValuePair<string, string?>>()).Where(kv => kv.Value != null).ToList();
        }

        public HttpMethod Method { get; }
        public string Path { get; }
        public CallKind Kind { get; }
        public JToken? Body { get; }
        public IReadOnlyList<KeyValuePair<string, string?>> Query { get; }

        public static DatabricksRequest Get(string path, params (string Name, string? Value)[] query)
            => new DatabricksRequest(HttpMethod.Get, path, CallKind.Read, null,
                query.Select(q => new KeyValuePair<string, string?>(q.Name, q.Value)));

        public string PathAndQuery
            => Query.Count == 0 ? Path : Path + "?"
                + string.Join("&", Query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value!)));

        public override string ToString() => Method.Method + " " + Path;
    }
}
