using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks.Models;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>Jobs API 2.2, thin and typed over the transport.</summary>
    public sealed class JobsService
    {
        private const string Base = "/api/2.2/jobs";
        public const int MaxIdempotencyTokenLength = 64;
        private readonly DatabricksTransport _transport;

        public JobsService(DatabricksTransport transport) => _transport = transport;

        /// <summary>Creates a job and answers its id. Never repeated blindly: on OutcomeUnknown, look it up.</summary>
        public async Task<long> CreateAsync(JobSettings settings, CancellationToken cancel)
        {
            var answer = await _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/create", CallKind.StartingWrite,
                ApiJson.Write(settings)), cancel).ConfigureAwait(false);
            return (long?)answer["job_id"] ?? throw new InvalidOperationException("The service did not answer a job_id.");
        }

        /// <summary>Replaces all of a job's settings.</summary>
        public Task ResetAsync(long jobId, JobSettings settings, CancellationToken cancel)
            => _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/reset", CallKind.IdempotentWrite,
                new JObject { ["job_id"] = jobId, ["new_settings"] = ApiJson.Write(settings) }), cancel);

        /// <summary>Changes the top-level fields given (tasks merge by task_key) and removes <paramref name="fieldsToRemove"/>.</summary>
        public Task UpdateAsync(long jobId, JObject newSettings, IEnumerable<string>? fieldsToRemove, CancellationToken cancel)
        {
            var body = new JObject { ["job_id"] = jobId, ["new_settings"] = newSettings };
            var remove = fieldsToRemove?.ToList();
            if (remove != null && remove.Count > 0) body["fields_to_remove"] = new JArray(remove);
            return _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/update", CallKind.IdempotentWrite, body), cancel);
        }

        /// <summary>A job with all its tasks (2.2 pages them at 100; every page is read), or null when it does not exist.</summary>
        public async Task<Job?> GetAsync(long jobId, CancellationToken cancel)
        {
            var id = jobId.ToString(CultureInfo.InvariantCulture);
            JObject first;
            try
            {
                first = await _transport.SendAsync(DatabricksRequest.Get(Base + "/get", ("job_id", id)), cancel).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.IsNotFound)
            {
                return null; // A missing job answers 400, not 404.
            }
            var token = (string?)first["next_page_token"];
            while (!string.IsNullOrEmpty(token))
            {
                var page = await _transport.SendAsync(DatabricksRequest.Get(Base + "/get", ("job_id", id), ("page_token", token)),
                    cancel).ConfigureAwait(false);
                if (first["settings"]?["tasks"] is JArray tasks && page["settings"]?["tasks"] is JArray more)
                {
                    foreach (var t in more) tasks.Add(t);
                }
                token = (string?)page["next_page_token"];
            }
            first.Remove("has_more");
            first.Remove("next_page_token");
            return ApiJson.Read<Job>(first);
        }

        /// <summary>Jobs whose name is exactly <paramref name="name"/> (ignoring case), every page read.</summary>
        public async Task<IReadOnlyList<Job>> ListAsync(string? name, CancellationToken cancel)
        {
            var all = new List<Job>();
            string? token = null;
            do
            {
                var answer = await _transport.SendAsync(DatabricksRequest.Get(Base + "/list", ("name", name), ("limit", "100"),
                    ("expand_tasks", "true"), ("page_token", token)), cancel).ConfigureAwait(false);
                all.AddRange((answer["jobs"] as JArray ?? new JArray()).Select(ApiJson.Read<Job>));
                token = (bool?)answer["has_more"] == true ? (string?)answer["next_page_token"] : null;
            }
            while (!string.IsNullOrEmpty(token));
            return all;
        }

        public Task DeleteAsync(long jobId, CancellationToken cancel)
            => _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/delete", CallKind.IdempotentWrite,
                new JObject { ["job_id"] = jobId }), cancel);

        /// <summary>
        /// Starts a run. With an idempotency token the same run comes back on a repeat, so the call
        /// is retried like any idempotent write; without one it is never repeated blindly.
        /// </summary>
        public async Task<(long RunId, long NumberInJob)> RunNowAsync(long jobId, string? idempotencyToken, bool? fullRefresh,
            CancellationToken cancel)
        {
            if (idempotencyToken != null && idempotencyToken.Length > MaxIdempotencyTokenLength)
                throw new ArgumentException($"The idempotency token must be at most {MaxIdempotencyTokenLength} characters.",
                    nameof(idempotencyToken));
            var body = new JObject { ["job_id"] = jobId };
            if (idempotencyToken != null) body["idempotency_token"] = idempotencyToken;
            if (fullRefresh != null) body["pipeline_params"] = new JObject { ["full_refresh"] = fullRefresh.Value };
            var kind = idempotencyToken != null ? CallKind.IdempotentWrite : CallKind.StartingWrite;
            var answer = await _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/run-now", kind, body),
                cancel).ConfigureAwait(false);
            return ((long?)answer["run_id"] ?? throw new InvalidOperationException("The service did not answer a run_id."),
                (long?)answer["number_in_job"] ?? 0);
        }

        public async Task<Run> GetRunAsync(long runId, CancellationToken cancel)
            => ApiJson.Read<Run>(await _transport.SendAsync(DatabricksRequest.Get(Base + "/runs/get",
                ("run_id", runId.ToString(CultureInfo.InvariantCulture))), cancel).ConfigureAwait(false));

        /// <summary>The most runs one runs/list may ask for: the reference says "greater than 0 and less than 25".</summary>
        public const int MaxRunsListed = 24;

        /// <summary>The job's newest runs first, at most <paramref name="limit"/> (1 to <see cref="MaxRunsListed"/>).</summary>
        public async Task<IReadOnlyList<Run>> ListRunsAsync(long jobId, bool activeOnly, int limit, CancellationToken cancel)
        {
            var answer = await _transport.SendAsync(DatabricksRequest.Get(Base + "/runs/list",
                ("job_id", jobId.ToString(CultureInfo.InvariantCulture)), ("active_only", activeOnly ? "true" : null),
                    ("limit", limit.ToString(CultureInfo.InvariantCulture))), cancel).ConfigureAwait(false);
            return (answer["runs"] as JArray ?? new JArray()).Select(ApiJson.Read<Run>).ToList();
        }

        public Task CancelRunAsync(long runId, CancellationToken cancel)
            => _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/runs/cancel", CallKind.IdempotentWrite,
                new JObject { ["run_id"] = runId }), cancel);
    }
}
