using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Emulator.Limits
{
    /// <summary>
    /// The per-workspace limits Databricks documents for the calls DltDr makes ("Resource limits":
    /// Jobs get/list/run-now about 20 per second, jobs update/reset 10, runs/get 100, workspace
    /// import 30, export 60, SCIM reads 255 per minute). The Pipelines API documents none, so it
    /// has none here until one is set: <see cref="Undocumented"/> names its reads and writes for a
    /// test or the benchmark to limit at figures the module is not told. runs/list has no figure of
    /// its own; it is held to the Jobs list figure.
    /// </summary>
    public static class DocumentedRateLimits
    {
        private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

        public static IReadOnlyList<RateLimitRule> All { get; } = new[]
        {
            new RateLimitRule("jobs/get", "GET", "jobs/get", 20, Second),
            new RateLimitRule("jobs/list", "GET", "jobs/list", 20, Second),
            new RateLimitRule("jobs/runs/list", "GET", "jobs/runs/list", 20, Second),
            new RateLimitRule("jobs/runs/get", "GET", "jobs/runs/get", 100, Second),
            new RateLimitRule("jobs/run-now", "POST", "jobs/run-now", 20, Second),
            new RateLimitRule("jobs/create", "POST", "jobs/create", 20, Second),
            new RateLimitRule("jobs/update", "POST", "jobs/update", 10, Second),
            new RateLimitRule("jobs/reset", "POST", "jobs/reset", 10, Second),
            new RateLimitRule("workspace/import", "POST", "workspace/import", 30, Second),
            new RateLimitRule("workspace/export", "GET", "workspace/export", 60, Second),
            new RateLimitRule("scim", "GET", "preview/scim/v2/", 255, TimeSpan.FromMinutes(1), prefix: true),
        };

        /// <summary>
        /// The Pipelines API's reads (get, list, events, updates), edits, and other writes (create,
        /// start, stop, delete): no limit until one is set.
        /// </summary>
        public static IReadOnlyList<RateLimitRule> Undocumented { get; } = new[]
        {
            RateLimitRule.Undocumented("pipelines/read", "GET", "pipelines"),
            RateLimitRule.Undocumented("pipelines/edit", "PUT", "pipelines/"),
            RateLimitRule.Undocumented("pipelines/write", "POST", "pipelines"),
        };

        /// <summary>The documented limits, then the undocumented ones (no limit until set).</summary>
        public static IReadOnlyList<RateLimitRule> Initial { get; } = new List<RateLimitRule>(All).Concat(Undocumented).ToList();
    }
}
