using System;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks.Models;

namespace DltDr.Engine.Databricks
{
    /// <summary>The account host's Disaster Recovery API: /api/disaster-recovery/v1/accounts/{id}/failover-groups.</summary>
    public sealed class FailoverGroupsService
    {
        private readonly DatabricksTransport _transport;

        public FailoverGroupsService(DatabricksTransport transport) => _transport = transport;

        /// <summary>
        /// Starts a failover to <paramref name="targetRegion"/> (FORCED), only if the group is still at
        /// <paramref name="etag"/> (409 ABORTED otherwise). Never repeated blindly: on OutcomeUnknown,
        /// read the group again.
        /// </summary>
        public async Task<FailoverGroupInfo> FailoverAsync(string accountId, string id, string targetRegion, string? etag,
            CancellationToken cancel)
        {
            var body = new Newtonsoft.Json.Linq.JObject { ["target_primary_region"] = targetRegion, ["failover_type"] = "FORCED" };
            if (etag != null) body["etag"] = etag;
            return ApiJson.Read<FailoverGroupInfo>(await _transport.SendAsync(new DatabricksRequest(System.Net.Http.HttpMethod.Post,
                Path(accountId, id) + "/failover", CallKind.StartingWrite, body), cancel).ConfigureAwait(false));
        }

        private static string Path(string accountId, string id)
            => $"/api/disaster-recovery/v1/accounts/{Uri.EscapeDataString(accountId)}/failover-groups/{Uri.EscapeDataString(id)}";

        /// <summary>One failover group, whole (state and replication_point included, unlike a listing's entries).</summary>
        public async Task<FailoverGroupInfo> GetAsync(string accountId, string id, CancellationToken cancel)
            => ApiJson.Read<FailoverGroupInfo>(await _transport.SendAsync(DatabricksRequest.Get(Path(accountId, id)), cancel)
                .ConfigureAwait(false));
    }
}
