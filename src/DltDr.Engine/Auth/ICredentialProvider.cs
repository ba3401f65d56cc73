using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>How one workspace's calls authenticate: the headers to send, refreshed when needed.</summary>
    public interface ICredentialProvider
    {
        /// <summary>A short name for messages: pat, oauth-m2m, azure-msi, azure-client-secret, azure-cli, access-token.</summary>
        string Name { get; }

        /// <summary>The headers for the next call (Authorization and, for Azure service principals, the management headers).</summary>
        Task<IReadOnlyDictionary<string, string>> GetHeadersAsync(CancellationToken cancel);

        /// <summary>
        /// Drops a cached token the service refused, so the next call gets a new one; false when there is nothing to refresh.
        /// </summary>
        bool Invalidate();

        /// <summary>Secret values currently held, so messages can be redacted.</summary>
        IEnumerable<string> Secrets { get; }
    }
}
