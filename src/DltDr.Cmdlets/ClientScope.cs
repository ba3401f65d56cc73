using System;
using System.Collections.Concurrent;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>The workspace clients one command opens, all disposed when it ends.</summary>
    internal sealed class ClientScope : IDisposable
    {
        private readonly WorkspaceClients _factory;
        private readonly ConcurrentBag<WorkspaceClient> _opened = new ConcurrentBag<WorkspaceClient>();

        public ClientScope(WorkspaceClients factory) => _factory = factory;

        /// <summary>A new client for the region; credential problems surface as CredentialException.</summary>
        public WorkspaceClient For(PairDefinition pair, Region region)
        {
            var client = _factory.For(pair, region);
            _opened.Add(client);
            return client;
        }

        public void Dispose()
        {
            foreach (var c in _opened) c.Dispose();
        }
    }
}
