using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Status
{
    /// <summary>Reads both regions of each pair, many at once, and reports each pair's status and problems.</summary>
    public sealed class StatusCommand
    {
        private readonly DrSession _session;
        private readonly StatusOptions _options;

        public StatusCommand(DrSession session, StatusOptions options)
        {
            _session = session;
            _options = options;
        }

        public int ThrottleLimit { get; set; } = 256;

        public async Task RunAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output, CancellationToken cancel)
        {
            var list = pairs.ToList();
            _options.FailoverGroups = await ReadFailoverGroupsAsync(_session, list, cancel).ConfigureAwait(false);
            await Concurrently.ForEachAsync(WorkspaceSpread.Of(list), ThrottleLimit, async pair =>
            {
                var status = await new StatusReader(pair, _session, _options).ReadAsync(cancel).ConfigureAwait(false);
                foreach (var p in status.Problems) output.Verbose($"{pair.Name}: {p}");
                output.Result(status);
            }, cancel).ConfigureAwait(false);
        }

        /// <summary>
        /// The failover groups the pairs' groups follow, each read once, at once: a group that cannot be
        /// read is a problem of its pairs (FailoverGroupUnreadable), never the end of the command.
        /// </summary>
        public static async Task<IReadOnlyDictionary<string, FailoverGroupRead>> ReadFailoverGroupsAsync(DrSession session,
            IEnumerable<PairDefinition> pairs, CancellationToken cancel)
        {
            var links = pairs.Select(p => p.FailoverGroup).Where(l => l != null).GroupBy(l => l!.Key).Select(g => g.First()!).ToList();
            var reads = await Task.WhenAll(links.Select(async link =>
            {
                try
                {
                    var info = await session.Account(link).GetAsync(link.AccountId, link.Id, cancel).ConfigureAwait(false);
                    return new FailoverGroupRead(link, info, null);
                }
                catch (Exception ex) when (ex is Databricks.DatabricksApiException || ex is Auth.CredentialException)
                {
                    return new FailoverGroupRead(link, null, ex.Message);
                }
            })).ConfigureAwait(false);
            return reads.ToDictionary(r => r.Link.Key, StringComparer.Ordinal);
        }
    }
}
