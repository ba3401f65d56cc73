using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
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
        private readonly Dictionary<string, int> _pairsPerClient;

        /// <param name="pairs">The command's pairs: a workspace with several of them is listed once, not once per pair.</param>
        public ClientScope(WorkspaceClients factory, IEnumerable<PairDefinition> pairs)
        {
            _factory = factory;
            _pairsPerClient = pairs.SelectMany(p => Regions.Both.Select(r => WorkspaceClients.Key(p[r])).Distinct())
                .GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }

        /// <summary>The region's client, made on first use; credential problems surface as CredentialException.</summary>
        public WorkspaceClient For(PairDefinition pair, Region region)
        {
            var key = WorkspaceClients.Key(pair[region]);
            return _opened.GetOrAdd(key, _ => new Lazy<WorkspaceClient>(() =>
            {
                var client = _factory.For(pair, region);
                client.Catalog.Batched = _pairsPerClient.TryGetValue(key, out var n) && n >= 2;
                return client;
            }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
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
