using System;
using System.Collections.Concurrent;
using System.Threading;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// The workspace clients of one command: one per workspace and credential settings, shared by
    /// every pair on that host, so its connection, token and verdict on the host are reused; all
    /// disposed when the command ends.
    /// </summary>
    internal sealed class ClientScope : IDisposable
    {
        private readonly WorkspaceClients _factory;
        private readonly ConcurrentDictionary<string, Lazy<WorkspaceClient>> _opened = new ConcurrentDictionary<string, Lazy<WorkspaceClient>>(StringComparer.Ordinal);

        public ClientScope(WorkspaceClients factory) => _factory = factory;

        /// <summary>The region's client, made on first use; credential problems surface as CredentialException.</summary>
        public WorkspaceClient For(PairDefinition pair, Region region)
        {
            var key = WorkspaceClients.Key(pair[region]);
            return _opened.GetOrAdd(key, _ => new Lazy<WorkspaceClient>(() => _factory.For(pair, region), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        public void Dispose()
        {
            foreach (var c in _opened.Values)
            {
                if (c.IsValueCreated) c.Value.Dispose();
            }
        }
    }
}
