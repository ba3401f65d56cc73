using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Databricks
{
    /// <summary>SCIM's Me: who the workspace says the caller is.</summary>
    public sealed class CurrentUserService
    {
        private readonly CommandWideRead<string> _identity;

        public CurrentUserService(DatabricksTransport transport)
            => _identity = new CommandWideRead<string>(async cancel =>
            {
                var me = await transport.SendAsync(DatabricksRequest.Get("/api/2.0/preview/scim/v2/Me"), cancel).ConfigureAwait(false);
                return (string?)me["applicationId"] ?? (string?)me["userName"] ?? (string?)me["displayName"] ?? (string?)me["id"]
                    ?? "unknown";
            });

        /// <summary>
        /// The caller's name as the workspace reports it: a user's userName, a service principal's
        /// applicationId. Read once per client, which is once per workspace per command, however
        /// many pairs ask at once (SCIM reads are limited to 255 a minute).
        /// </summary>
        public Task<string> IdentityAsync(CancellationToken cancel) => _identity.GetAsync(cancel);
    }
}
