using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks.Models;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>Pipelines API 2.0, thin and typed over the transport.</summary>
    public sealed class PipelinesService
    {
        private const string Base = "/api/2.0/pipelines";
        private readonly DatabricksTransport _transport;

        public PipelinesService(DatabricksTransport transport) => _transport = transport;

        /// <summary>Creates a pipeline and answers its id. Never repeated blindly: on OutcomeUnknown, look it up.</summary>
        public async Task<string> CreateAsync(PipelineSettings settings, CancellationToken cancel)
        {
            var body = ApiJson.Write(settings);
            body.Remove("id");
            var answer = await _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base, CallKind.StartingWrite, body),
                cancel).ConfigureAwait(false);
            return (string?)answer["pipeline_id"] ?? throw new InvalidOperationException("The service did not answer a pipeline_id.");
        }

        /// <summary>Asks the service what it would store, without creating anything.</summary>
        public async Task<PipelineSettings> DryRunAsync(PipelineSettings settings, CancellationToken cancel)
        {
            var body = ApiJson.Write(settings);
            body.Remove("id");
            body["dry_run"] = true;
            var answer = await _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base, CallKind.IdempotentWrite, body),
                cancel).ConfigureAwait(false);
            return ApiJson.Read<PipelineSettings>(answer["effective_settings"] ?? new JObject());
        }

        public async Task<PipelineInfo> GetAsync(string pipelineId, CancellationToken cancel)
            => ApiJson.Read<PipelineInfo>(await _transport.SendAsync(DatabricksRequest.Get(Base + "/" + Escape(pipelineId)),
                cancel).ConfigureAwait(false));

        /// <summary>
        /// Replaces the settings (a field left out is reset, so pass everything read); with <paramref name="expectedLastModified"/> a
        /// concurrent change is refused.
        /// </summary>
        public Task EditAsync(string pipelineId, PipelineSettings settings, long? expectedLastModified, CancellationToken cancel)
        {
            var body = ApiJson.Write(settings);
            body["id"] = pipelineId;
            if (expectedLastModified != null) body["expected_last_modified"] = expectedLastModified.Value;
            return _transport.SendAsync(new DatabricksRequest(HttpMethod.Put, Base + "/" + Escape(pipelineId), CallKind.IdempotentWrite,
                body), cancel);
        }

        /// <summary>Deletes the pipeline but never its tables (<c>cascade=false</c> is always sent).</summary>
        public Task DeleteAsync(string pipelineId, CancellationToken cancel)
            => _transport.SendAsync(new DatabricksRequest(HttpMethod.Delete, Base + "/" + Escape(pipelineId), CallKind.IdempotentWrite,
                null,
                new[] { new KeyValuePair<string, string?>("cascade", "false") }), cancel);

        /// <summary>The list filter that finds pipelines by their exact name.</summary>
        public static string NameFilter(string name) => $"name LIKE '{name.Replace("'", "''")}'";

        /// <summary>All pipelines matching one filter condition, every page read.</summary>
        /// <summary>The pipelines a page of the list holds: the most the API allows.</summary>
        public const int PageSize = 100;

        public async Task<IReadOnlyList<PipelineInfo>> ListAsync(string? filter, CancellationToken cancel)
        {
            var all = new List<PipelineInfo>();
            await ListPagesAsync(filter, all.AddRange, cancel).ConfigureAwait(false);
            return all;
        }

        /// <summary>
        /// The same listing, each page handed to <paramref name="page"/> as it arrives: a reader can act
        /// on the first pages while a later one waits out a 429's Retry-After.
        /// </summary>
        public async Task ListPagesAsync(string? filter, Action<IReadOnlyList<PipelineInfo>> page, CancellationToken cancel)
        {
            string? token = null;
            do
            {
                var answer = await _transport.SendAsync(DatabricksRequest.Get(Base, ("filter", filter),
                    ("max_results", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page_token", token)),
                    cancel).ConfigureAwait(false);
                page((answer["statuses"] as JArray ?? new JArray()).Select(ApiJson.Read<PipelineInfo>).ToList());
                token = (string?)answer["next_page_token"];
            }
            while (!string.IsNullOrEmpty(token));
        }

        /// <summary>Starts an update and answers its id. Refused (409) while one is active. Never repeated blindly.</summary>
        public async Task<string> StartUpdateAsync(string pipelineId, bool fullRefresh, string? cause, CancellationToken cancel,
            bool validateOnly = false)
        {
            var body = new JObject { ["full_refresh"] = fullRefresh };
            // validate_only: the service checks the graph, settings and access, and processes no data.
            if (validateOnly) body["validate_only"] = true;
            if (cause != null) body["cause"] = cause;
            var answer = await _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, $"{Base}/{Escape(pipelineId)}/updates",
                CallKind.StartingWrite, body), cancel).ConfigureAwait(false);
            return (string?)answer["update_id"] ?? throw new InvalidOperationException("The service did not answer an update_id.");
        }

        /// <summary>Cancels the active update; does nothing when none is active, so it is safe to repeat.</summary>
        public Task StopAsync(string pipelineId, CancellationToken cancel)
            => _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, $"{Base}/{Escape(pipelineId)}/stop", CallKind.IdempotentWrite,
                new JObject()), cancel);

        public async Task<UpdateInfo> GetUpdateAsync(string pipelineId, string updateId, CancellationToken cancel)
        {
            var answer = await _transport.SendAsync(DatabricksRequest.Get($"{Base}/{Escape(pipelineId)}/updates/{Escape(updateId)}"),
                cancel).ConfigureAwait(false);
            return ApiJson.Read<UpdateInfo>(answer["update"] ?? new JObject());
        }

        /// <summary>The newest updates first, at most <paramref name="max"/>.</summary>
        public async Task<IReadOnlyList<UpdateInfo>> ListUpdatesAsync(string pipelineId, int max, CancellationToken cancel)
        {
            var all = new List<UpdateInfo>();
            string? token = null;
            do
            {
                var answer = await _transport.SendAsync(DatabricksRequest.Get($"{Base}/{Escape(pipelineId)}/updates",
                    ("max_results", Math.Min(100, max - all.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ("page_token", token)), cancel).ConfigureAwait(false);
                all.AddRange((answer["updates"] as JArray ?? new JArray()).Select(ApiJson.Read<UpdateInfo>));
                token = (string?)answer["next_page_token"];
            }
            while (!string.IsNullOrEmpty(token) && all.Count < max);
            return all;
        }

        /// <summary>The newest events first (one page), optionally filtered, e.g. <c>level='ERROR'</c>.</summary>
        public async Task<IReadOnlyList<PipelineEvent>> ListEventsAsync(string pipelineId, string? filter, int max,
            CancellationToken cancel)
        {
            var answer = await _transport.SendAsync(DatabricksRequest.Get($"{Base}/{Escape(pipelineId)}/events", ("filter", filter),
                ("max_results", max.ToString(System.Globalization.CultureInfo.InvariantCulture))), cancel).ConfigureAwait(false);
            return (answer["events"] as JArray ?? new JArray()).Select(ApiJson.Read<PipelineEvent>).ToList();
        }

        private static string Escape(string segment) => Uri.EscapeDataString(segment);
    }
}
