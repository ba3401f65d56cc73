using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// The per-workspace request limits Databricks documents for the calls DltDr makes, by endpoint
    /// class: what the transport paces calls under. An endpoint without a documented figure (the
    /// Pipelines API) is not paced until the service answers 429, then learned (see <see cref="RequestPacer"/>).
    /// </summary>
    public static class RateLimits
    {
        /// <summary>One endpoint class: its method and path after <c>/api/&lt;version&gt;/</c>, and the calls allowed per second.</summary>
        public sealed class Limit
        {
            internal Limit(string name, HttpMethod method, string path, double perSecond, bool prefix = false)
            {
                Name = name;
                Method = method;
                Path = path;
                PerSecond = perSecond;
                Prefix = prefix;
            }

            public string Name { get; }
            public HttpMethod Method { get; }
            public string Path { get; }
            public double PerSecond { get; }
            public bool Prefix { get; }

            internal bool Matches(HttpMethod method, string apiPath)
                => method == Method && (Prefix ? apiPath.StartsWith(Path, StringComparison.Ordinal) : apiPath == Path);
        }

        /// <summary>
        /// Jobs get/list/run-now 20 per second, update/reset 10, runs/get 100, workspace import 30, export 60, SCIM reads 255 per minute.
        /// </summary>
        public static IReadOnlyList<Limit> Documented { get; } = new[]
        {
            new Limit("jobs/get", HttpMethod.Get, "jobs/get", 20),
            new Limit("jobs/list", HttpMethod.Get, "jobs/list", 20),
            new Limit("jobs/runs/list", HttpMethod.Get, "jobs/runs/list", 20),
            new Limit("jobs/runs/get", HttpMethod.Get, "jobs/runs/get", 100),
            new Limit("jobs/run-now", HttpMethod.Post, "jobs/run-now", 20),
            new Limit("jobs/create", HttpMethod.Post, "jobs/create", 20),
            new Limit("jobs/update", HttpMethod.Post, "jobs/update", 10),
            new Limit("jobs/reset", HttpMethod.Post, "jobs/reset", 10),
            new Limit("workspace/import", HttpMethod.Post, "workspace/import", 30),
            new Limit("workspace/export", HttpMethod.Get, "workspace/export", 60),
            new Limit("scim", HttpMethod.Get, "preview/scim/v2/", 255 / 60.0, prefix: true),
        };

        /// <summary>
        /// The class a call is paced in and its documented rate (null: none documented). Calls
        /// without a documented limit share a class per method and API family, e.g. <c>PUT pipelines</c>.
        /// </summary>
        public static (string Name, double? PerSecond) ClassOf(DatabricksRequest request)
        {
            var apiPath = ApiPath(request.Path);
            var known = Documented.FirstOrDefault(l => l.Matches(request.Method, apiPath));
            if (known != null) return (known.Name, known.PerSecond);
            var family = apiPath.Split('/')[0];
            return (request.Method.Method + " " + family, null);
        }

        /// <summary>The path after <c>/api/&lt;version&gt;/</c>, or the whole path when it has no such prefix.</summary>
        private static string ApiPath(string path)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal)) return path.TrimStart('/');
            var afterVersion = path.IndexOf('/', 5);
            return afterVersion < 0 ? string.Empty : path.Substring(afterVersion + 1);
        }
    }
}
