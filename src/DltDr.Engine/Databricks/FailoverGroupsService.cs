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

        /// <summary>One failover group, whole (state and replication_point included, unlike a listing's entries).</summary>
        public async Task<FailoverGroupInfo> GetAsync(string accountId, string id, CancellationToken cancel)
            => ApiJson.Read<FailoverGroupInfo>(await _transport.SendAsync(DatabricksRequest.Get(
                $"/api/disaster-recovery/v1/accounts/{Uri.EscapeDataString(accountId)}/failover-groups/{Uri.EscapeDataString(id)}"),
                cancel).ConfigureAwait(false));
    }
}
