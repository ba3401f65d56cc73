using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Readiness;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;

namespace DltDr.Engine.Reports
{
    /// <summary>
    /// Reads what the module already records for each pair (both regions' status and both regions'
    /// history, at once) and builds the estate's DR report. Per pair it costs what status costs plus
    /// one history read per region; it writes nothing. A region that cannot be read is said in the
    /// pair's section, and the report is built from the other.
    /// </summary>
    public sealed class ReportCommand
    {
        private readonly DrSession _session;
        private readonly StatusOptions _options;

        public ReportCommand(DrSession session, StatusOptions options)
        {
            _session = session;
            _options = options;
        }

        /// <summary>The start of the period: switches and drills since then are listed and judged.</summary>
        public DateTimeOffset Since { get; set; }

        public int ThrottleLimit { get; set; } = 256;

        /// <summary>Who makes the report (the machine and account), for its footer.</summary>
        public string GeneratedBy { get; set; } = Environment.MachineName;

        public async Task<EstateReport> RunAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output, CancellationToken cancel)
        {
            var reports = new ConcurrentBag<PairReport>();
            var list = pairs.ToList();
            _options.FailoverGroups = await StatusCommand.ReadFailoverGroupsAsync(_session, list, cancel).ConfigureAwait(false);
            var activity = output.Activity($"Reading {list.Count} pair(s) for the DR report");
            var done = 0;
            await Concurrently.ForEachAsync(WorkspaceSpread.Of(list), ThrottleLimit, async pair =>
            {
                var report = await ReadAsync(pair, cancel).ConfigureAwait(false);
                reports.Add(report);
                foreach (var u in report.Unread) output.Warning($"{pair.Name}: {u}");
                activity.Report($"{pair.Name}: {report.Standing} ({Interlocked.Increment(ref done)} of {list.Count})");
            }, cancel).ConfigureAwait(false);
            activity.Complete();
            return new EstateReport(_session.Clock.UtcNow, Since, reports.ToList(), GeneratedBy);
        }

        private async Task<PairReport> ReadAsync(PairDefinition pair, CancellationToken cancel)
        {
            var statusRead = new StatusReader(pair, _session, _options).ReadAsync(cancel);
            var historyRead = HistoryLog.ReadAsync(pair, _session, cancel);
            var status = await statusRead.ConfigureAwait(false);
            var (records, failures) = await historyRead.ConfigureAwait(false);
            var unread = failures.Count == 2
                ? new List<string> { $"the history could not be read in either region ({failures[0].Error.Message}): no switch or "
                    + "drill can be shown." }
                : failures.Select(f => $"the history in {Regions.Name(f.Region)} could not be read ({f.Error.Message}); this "
                    + $"report shows {Regions.Name(Regions.Other(f.Region))}'s, which has every switch that region answered for.")
                    .ToList();
            var checks = ReadinessChecker.FromRecords(pair, status, records, out var to, out var expected);
            var switches = records.Where(r => r.Operation == HistoryOperations.Switch && r.Time >= Since).ToList();
            return new PairReport(pair, status, switches, unread, checks, to, expected, Since);
        }
    }
}
