using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.Databricks;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Get-DltDrHistory: what was done to a pair (publish, switch, catch-up), when, by whom, how it
    /// ended and how long the recovery took, merged from both regions' history so one region is
    /// enough to answer.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DltDrHistory", DefaultParameterSetName = ByPair)]
    [OutputType(typeof(HistoryRecord))]
    public sealed class GetDltDrHistoryCommand : PairCmdlet
    {
        /// <summary>Only the newest N records of each pair.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        /// <summary>Only records from this time on (a DateTime is taken in its own kind: local unless it says UTC).</summary>
        [Parameter]
        public DateTimeOffset? Since { get; set; }

        protected override void ProcessPairs()
        {
            var queue = new PipelineThreadQueue();
            using var session = OpenSession(queue);
            queue.Run(Pairs, ThrottleLimit, async pair =>
            {
                var (records, failures) = await HistoryLog.ReadAsync(pair, session, Cancel).ConfigureAwait(false);
                var selected = records.Where(r => Since == null || r.Time >= Since.Value).ToList();
                if (Last != null) selected = selected.Skip(Math.Max(0, selected.Count - Last.Value)).ToList();
                queue.Post(() =>
                {
                    if (failures.Count == 2)
                    {
                        // Neither region answered: that is an error, not an empty history.
                        WriteError(ErrorMapping.ToRecord(failures[0].Error, pair.Name));
                        return;
                    }
                    foreach (var (region, error) in failures)
                    {
                        WriteWarning($"{pair.Name}: the history in {Regions.Name(region)} could not be read ({error.Message}); showing {Regions.Name(Regions.Other(region))}'s.");
                    }
                    foreach (var r in selected) WriteObject(r);
                });
            }, Cancel);
        }
    }
}
