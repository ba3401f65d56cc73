using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// The request shapes the Databricks REST reference documents for the calls DltDr makes: method
    /// and path, each query parameter with what it may hold, and each body's top-level fields
    /// (from the reference's request models, as the official generated client
    /// <c>@databricks/sdk-experimental</c> has them in its dist/apis/*/model.d.ts). A request
    /// that fits none, or carries a parameter, a filter field or a value the reference does not
    /// give, is named with why.
    /// </summary>
    internal static class DocumentedRequests
    {
        private static readonly string[] PipelineSettings =
        {
            "allow_duplicate_names", "budget_policy_id", "catalog", "channel", "clusters", "configuration", "continuous", "deployment",
            "development", "edition", "environment", "event_log", "filters", "gateway_definition", "id", "ingestion_definition",
            "libraries", "name", "notifications", "photon", "restart_window", "root_path", "run_as", "schema", "serverless", "storage",
            "tags", "target", "trigger", "usage_policy_id",
        };

        private static readonly string[] JobSettings =
        {
            "access_control_list", "budget_policy_id", "continuous", "deployment", "description", "edit_mode", "email_notifications",
            "environments", "format", "git_source", "health", "job_clusters", "max_concurrent_runs", "name", "notification_settings",
            "parameters", "performance_target", "queue", "run_as", "schedule", "tags", "tasks", "timeout_seconds", "trigger",
            "usage_policy_id", "webhook_notifications",
        };

        private const string Jobs = @"/api/2\.[12]/jobs";

        private static readonly Shape[] Shapes =
        {
            // Pipelines API 2.0
            new Shape("POST", "/api/2.0/pipelines", body: PipelineSettings.Append("dry_run")),
            new Shape("GET", "/api/2.0/pipelines", query: new Dictionary<string, Func<string, string?>>
            {
                ["filter"] = v => Regex.IsMatch(v, @"^(name LIKE '([^']|'')*'|notebook='([^']|'')*')$") ? null
                    : "one condition only: name LIKE '...' or notebook='...'",
                ["max_results"] = v => Between(v, 1, 100),
                ["page_token"] = Any,
                ["order_by"] = v => Regex.IsMatch(v, "^(id|name) (asc|desc)$") ? null : "id or name, asc or desc",
            }),
            new Shape("GET", "/api/2.0/pipelines/{id}"),
            new Shape("PUT", "/api/2.0/pipelines/{id}", body: PipelineSettings.Append("expected_last_modified").Append("pipeline_id")),
            new Shape("DELETE", "/api/2.0/pipelines/{id}", query: new Dictionary<string, Func<string, string?>>
            {
                ["cascade"] = v => v == "true" || v == "false" ? null : "true or false",
            }),
            new Shape("POST", "/api/2.0/pipelines/{id}/updates",
                body: new[] { "cause", "full_refresh", "full_refresh_selection", "pipeline_id", "refresh_selection", "validate_only" }),
            new Shape("GET", "/api/2.0/pipelines/{id}/updates", query: new Dictionary<string, Func<string, string?>>
            {
                ["max_results"] = v => Between(v, 1, int.MaxValue), ["page_token"] = Any, ["until_update_id"] = Any,
            }),
            new Shape("GET", "/api/2.0/pipelines/{id}/updates/{id}"),
            new Shape("POST", "/api/2.0/pipelines/{id}/stop", body: Array.Empty<string>()),
            new Shape("GET", "/api/2.0/pipelines/{id}/events", query: new Dictionary<string, Func<string, string?>>
            {
                ["filter"] = EventFilter,
                ["max_results"] = v => Between(v, 1, int.MaxValue),
                ["order_by"] = v => Regex.IsMatch(v, "^timestamp (asc|desc)$") ? null : "timestamp asc or timestamp desc",
                ["page_token"] = Any,
            }),

            // Jobs API 2.1 / 2.2
            new Shape("POST", Jobs + "/create", body: JobSettings, regex: true),
            new Shape("POST", Jobs + "/reset", body: new[] { "job_id", "new_settings" }, regex: true,
                nested: ("new_settings", JobSettings)),
            new Shape("POST", Jobs + "/update", body: new[] { "fields_to_remove", "job_id", "new_settings" }, regex: true,
                nested: ("new_settings", JobSettings)),
            new Shape("GET", Jobs + "/get", regex: true, query: new Dictionary<string, Func<string, string?>>
            {
                ["job_id"] = Whole, ["page_token"] = Any,
            }, required: "job_id"),
            new Shape("GET", Jobs + "/list", regex: true, query: new Dictionary<string, Func<string, string?>>
            {
                ["expand_tasks"] = Bool, ["limit"] = v => Between(v, 1, 100), ["name"] = Any, ["offset"] = Whole, ["page_token"] = Any,
            }),
            new Shape("POST", Jobs + "/delete", body: new[] { "job_id" }, regex: true),
            new Shape("POST", Jobs + "/run-now", regex: true, body: new[]
            {
                "dbt_commands", "idempotency_token", "jar_params", "job_id", "job_parameters", "notebook_params", "only",
                "performance_target", "pipeline_params", "python_named_params", "python_params", "queue", "spark_submit_params",
                "sql_params",
            }, nested: ("pipeline_params", new[] { "full_refresh" })),
            new Shape("GET", Jobs + "/runs/get", regex: true, query: new Dictionary<string, Func<string, string?>>
            {
                ["run_id"] = Whole, ["include_history"] = Bool, ["include_resolved_values"] = Bool, ["page_token"] = Any,
            }, required: "run_id"),
            new Shape("GET", Jobs + "/runs/list", regex: true, query: new Dictionary<string, Func<string, string?>>
            {
                ["active_only"] = Bool, ["completed_only"] = Bool, ["expand_tasks"] = Bool, ["job_id"] = Whole,
                // "greater than 0 and less than 25"
                ["limit"] = v => Between(v, 1, 24), ["offset"] = Whole, ["page_token"] = Any, ["run_type"] = Any,
                ["start_time_from"] = Whole, ["start_time_to"] = Whole,
            }),
            new Shape("POST", Jobs + "/runs/cancel", body: new[] { "run_id" }, regex: true),

            // Workspace API 2.0
            new Shape("POST", "/api/2.0/workspace/mkdirs", body: new[] { "path" }),
            new Shape("POST", "/api/2.0/workspace/import", body: new[] { "content", "format", "language", "overwrite", "path" }),
            new Shape("POST", "/api/2.0/workspace/delete", body: new[] { "path", "recursive" }),
            new Shape("GET", "/api/2.0/workspace/export", query: new Dictionary<string, Func<string, string?>>
            {
                ["path"] = Any,
                ["format"] = v => new[] { "SOURCE", "HTML", "JUPYTER", "DBC", "R_MARKDOWN", "AUTO" }.Contains(v) ? null
                    : "SOURCE, HTML, JUPYTER, DBC, R_MARKDOWN or AUTO",
                ["direct_download"] = Bool,
            }, required: "path"),
            new Shape("GET", "/api/2.0/workspace/get-status", query: new Dictionary<string, Func<string, string?>> { ["path"] = Any },
                required: "path"),
            new Shape("GET", "/api/2.0/workspace/list", query: new Dictionary<string, Func<string, string?>>
            {
                ["path"] = Any, ["notebooks_modified_after"] = Whole,
            }, required: "path"),

            // SCIM: who the caller is
            new Shape("GET", "/api/2.0/preview/scim/v2/Me", query: new Dictionary<string, Func<string, string?>>
            {
                ["attributes"] = Any, ["excludedAttributes"] = Any,
            }),
        };

        /// <summary>Why the request is not a documented shape; null when it is one.</summary>
        public static string? Violation(string method, string path, string query, string? body)
        {
            var candidates = Shapes.Where(s => s.Method == method && s.Path.IsMatch(path)).ToList();
            if (candidates.Count == 0) return $"{method} {path} is not a documented call";
            var shape = candidates[0];
            var parameters = Query(query);
            foreach (var (name, value) in parameters)
            {
                if (!shape.Query.TryGetValue(name, out var check)) return $"query parameter '{name}' is not documented for {method} {path}";
                if (check(value) is string why) return $"{name}={value}: {why}";
            }
            if (shape.Required != null && !parameters.Any(p => p.Name == shape.Required)) return $"the required '{shape.Required}' is missing";
            if (body == null || shape.Body == null) return null;
            JObject json;
            try
            {
                json = JObject.Parse(body);
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return null; // a multipart upload or a body cut at the log's limit: its fields are not JSON to check
            }
            var unknown = json.Properties().Select(p => p.Name).Where(n => !shape.Body.Contains(n)).ToList();
            if (unknown.Count > 0) return $"body field(s) {string.Join(", ", unknown)} not documented for {method} {path}";
            if (shape.Nested is var (field, allowed) && json[field] is JObject inner)
            {
                var extra = inner.Properties().Select(p => p.Name).Where(n => !allowed.Contains(n)).ToList();
                if (extra.Count > 0) return $"{field}: field(s) {string.Join(", ", extra)} not documented";
            }
            return null;
        }

        /// <summary>The documented events filter: level, level in (...), id and timestamp conditions joined with AND.</summary>
        private static string? EventFilter(string filter)
        {
            foreach (var part in Regex.Split(filter, @"\s+AND\s+", RegexOptions.IgnoreCase))
            {
                var ok = Regex.IsMatch(part, @"^\s*level\s*=\s*'(INFO|WARN|ERROR)'\s*$")
                    || Regex.IsMatch(part, @"^\s*level\s+in\s*\(\s*'(INFO|WARN|ERROR)'(\s*,\s*'(INFO|WARN|ERROR)')*\s*\)\s*$")
                    || Regex.IsMatch(part, @"^\s*id\s*=\s*'[^']*'\s*$")
                    || Regex.IsMatch(part, @"^\s*timestamp\s*(>=|<=|>|<|=)\s*'[^']*'\s*$");
                if (!ok) return $"'{part.Trim()}' is not in the documented filter grammar (level, level in, id, timestamp)";
            }
            return null;
        }

        private static List<(string Name, string Value)> Query(string query)
            => query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Select(kv => (Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty))
                .ToList();

        private static string? Any(string v) => null;

        private static string? Bool(string v) => v == "true" || v == "false" ? null : "true or false";

        private static string? Whole(string v) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null
            : "a whole number";

        private static string? Between(string v, int min, int max)
            => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? null
                : $"between {min} and {max}";

        private sealed class Shape
        {
            public Shape(string method, string path, IEnumerable<string>? body = null, Dictionary<string, Func<string, string?>>? query = null,
                bool regex = false, (string, string[])? nested = null, string? required = null)
            {
                Method = method;
                var pattern = regex ? path : Regex.Escape(path).Replace(Regex.Escape("{id}"), "[^/]+");
                Path = new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
                Body = body?.ToHashSet(StringComparer.Ordinal);
                Query = query ?? new Dictionary<string, Func<string, string?>>();
                Nested = nested;
                Required = required;
            }

            public string Method { get; }
            public Regex Path { get; }
            public HashSet<string>? Body { get; }
            public Dictionary<string, Func<string, string?>> Query { get; }
            public (string Field, string[] Allowed)? Nested { get; }
            public string? Required { get; }
        }
    }
}
