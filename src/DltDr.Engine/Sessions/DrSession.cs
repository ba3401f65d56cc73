using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Sessions
{
    /// <summary>
    /// The workspaces one command talks to: one client per workspace and credential settings,
    /// shared by every pair there, so its connections, token, pace and verdict on the host are
    /// reused. A workspace that several of the command's pairs use is listed once, not once per
    /// pair. Disposing the session closes every client.
    /// </summary>
    public sealed class DrSession : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<WorkspaceClient>> _opened = new ConcurrentDictionary<string,
            Lazy<WorkspaceClient>>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _pairsPerWorkspace;

        /// <param name="pairs">The command's pairs: they decide which workspaces are listed whole.</param>
        public DrSession(DrOptions options, IEnumerable<PairDefinition> pairs)
        {
            Options = options;
            _watch = options.Clock.StartWatch();
            _pairsPerWorkspace = pairs
                .SelectMany(p => Regions.Both.Select(r => Key(p[r])).Distinct())
                .GroupBy(k => k, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }

        private readonly Time.ClockWatch _watch;

        public DrOptions Options { get; }

        /// <summary>How long the command has been running.</summary>
        public TimeSpan Elapsed => _watch.Elapsed;

        public Time.Clock Clock => Options.Clock;

        /// <summary>The region's client, made on first use; credential problems surface as CredentialException.</summary>
        public WorkspaceClient For(PairDefinition pair, Region region)
        {
            var key = Key(pair[region]);
            return _opened.GetOrAdd(key, _ => new Lazy<WorkspaceClient>(() =>
            {
                var client = Open(pair[region]);
                var batched = _pairsPerWorkspace.TryGetValue(key, out var n) && n >= 2;
                client.Catalog.Batched = batched;
                client.Watch.Batched = batched;
                return client;
            }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        /// <summary>
        /// The account host's Disaster Recovery API for a failover group a pair group follows, made on
        /// first use: the command's -Token, else the environment's credentials (a workspace's
        /// personal access token is refused there).
        /// </summary>
        public FailoverGroupsService Account(FailoverGroupLink link)
        {
            var choice = link.Auth.Choice();
            choice.AccountId = link.AccountId;
            var key = string.Join("|", "account", link.Account.GetLeftPart(UriPartial.Authority).ToLowerInvariant(), choice.ChoiceKey);
            var transport = _accounts.GetOrAdd(key, _ => new Lazy<DatabricksTransport>(() =>
            {
                var settings = Options.Token != null
                    ? new AuthSettings { AuthType = "pat", SecureToken = Options.Token }
                    : choice;
                return new DatabricksTransport(link.Account, CredentialResolver.Resolve(link.Account, settings, Options.Credentials()),
                    Options.Transport());
            }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
            return new FailoverGroupsService(transport);
        }

        private readonly ConcurrentDictionary<string, Lazy<DatabricksTransport>> _accounts =
            new ConcurrentDictionary<string, Lazy<DatabricksTransport>>(StringComparer.Ordinal);

        /// <summary>The pair's two clients, as the engine's readers and writers take them.</summary>
        public Func<Region, WorkspaceClient> ClientsOf(PairDefinition pair) => region => For(pair, region);

        private WorkspaceClient Open(RegionDefinition r)
        {
            // A token given for the command replaces the region's auth settings: a runbook's token
            // must not be ignored because the definition names a managed identity.
            var settings = Options.Token != null ? new AuthSettings { AuthType = "pat", SecureToken = Options.Token } : r.Auth.Choice();
            var credentials = CredentialResolver.Resolve(r.Host, settings, Options.Credentials());
            return new WorkspaceClient(r.Host, credentials, Options.Transport());
        }

        /// <summary>What makes two regions one client: the same host with the same credential settings.</summary>
        public static string Key(RegionDefinition r)
            => r.Host.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + "|" + r.Auth.ChoiceKey;

        public void Dispose()
        {
            foreach (var c in _opened.Values)
            {
                if (c.IsValueCreated) c.Value.Dispose();
            }
            foreach (var t in _accounts.Values)
            {
                if (t.IsValueCreated) t.Value.Dispose();
            }
        }
    }
}
