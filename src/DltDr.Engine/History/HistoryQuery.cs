using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.History
{
    /// <summary>
    /// Reads each pair's history from both regions (one is enough), oldest first, optionally the newest N or since a time.
    /// </summary>
    public sealed class HistoryQuery
    {
        private readonly DrSession _session;

        public HistoryQuery(DrSession session) => _session = session;

        /// <summary>Only the newest N records of each pair.</summary>
        public int? Last { get; set; }

        /// <summary>Only records from this time on.</summary>
        public DateTimeOffset? Since { get; set; }

        public int ThrottleLimit { get; set; } = 256;

        public Task RunAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output, CancellationToken cancel)
            => Concurrently.ForEachAsync(WorkspaceSpread.Of(pairs), ThrottleLimit, async pair =>
            {
                var (records, failures) = await HistoryLog.ReadAsync(pair, _session, cancel).ConfigureAwait(false);
                if (failures.Count == 2)
                {
                    // Neither region answered: that is an error, not an empty history.
                    output.Error(failures[0].Error, pair.Name);
                    return;
                }
                foreach (var (region, error) in failures)
                {
                    output.Warning($"{pair.Name}: the history in {Regions.Name(region)} could not be read ({error.Message}); showing "
                        + $"{Regions.Name(Regions.Other(region))}'s.");
                }
                var selected = records.Where(r => Since == null || r.Time >= Since.Value).ToList();
                if (Last != null) selected = selected.Skip(Math.Max(0, selected.Count - Last.Value)).ToList();
                foreach (var r in selected) output.Result(r);
            }, cancel);
    }
}
