using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>SCIM's Me: who the workspace says the caller is.</summary>
    public sealed class CurrentUserService
    {
        private readonly DatabricksTransport _transport;
        private Task<string>? _identity;

        public CurrentUserService(DatabricksTransport transport) => _transport = transport;

        /// <summary>The caller's name as the workspace reports it: a user's userName, a service principal's applicationId. Read once per client.</summary>
        public Task<string> IdentityAsync(CancellationToken cancel)
        {
            var known = _identity;
            if (known != null && known.Status == TaskStatus.RanToCompletion) return known;
            return _identity = ReadAsync(cancel);
        }

        private async Task<string> ReadAsync(CancellationToken cancel)
        {
            var me = await _transport.SendAsync(DatabricksRequest.Get("/api/2.0/preview/scim/v2/Me"), cancel).ConfigureAwait(false);
            return (string?)me["applicationId"] ?? (string?)me["userName"] ?? (string?)me["displayName"] ?? (string?)me["id"] ?? "unknown";
        }
    }
}
