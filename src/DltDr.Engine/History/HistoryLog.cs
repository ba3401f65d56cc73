using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using Newtonsoft.Json;

namespace DltDr.Engine.History
{
    /// <summary>
    /// A pair's history: a JSON-lines file in the pair's workspace directory in both regions, so
    /// the record of a failover survives the loss of either region. Appending reads the file and
    /// writes it back whole (the service has no append); reading merges both regions' files by
    /// record id. A history write is never allowed to fail or hold up the operation it records.
    /// </summary>
    public static class HistoryLog
    {
        public const string FileName = "dltdr-history.jsonl";

        /// <summary>Oldest records are dropped beyond this, well under the service's 10 MB import limit.</summary>
        public const int MaxBytes = 4 * 1024 * 1024;

        /// <summary>How long writing the history may take after the operation, whatever the region's timeout.</summary>
        public static readonly TimeSpan WriteBound = TimeSpan.FromSeconds(15);

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.DateTimeOffset,
            DateFormatString = "yyyy-MM-dd'T'HH:mm:ss.fffK",
            Formatting = Formatting.None,
        };

        public static string PathOf(PairDefinition pair) => pair.Notebooks.WorkspaceDirectory + "/" + FileName;

        /// <summary>
        /// Appends the record in both regions at once (its time and identity from each region's
        /// service). Answers one warning per region it could not be written to; never throws but
        /// for cancellation.
        /// </summary>
        public static async Task<IReadOnlyList<string>> AppendAsync(PairDefinition pair, DrSession session, HistoryRecord record,
            CancellationToken cancel)
        {
            var bound = session.Options.RegionTimeout;
            var limit = bound < WriteBound ? bound : WriteBound;
            record.Pair = pair.Name;
            record.Machine ??= Environment.MachineName;
            record.Version ??= typeof(HistoryLog).Assembly.GetName().Version?.ToString(3);
            using var within = session.Clock.Timeout(limit, cancel);
            var warnings = await Task.WhenAll(Regions.Both.Select(async region =>
            {
                try
                {
                    var client = session.For(pair, region);
                    // Who the caller is and the file so far, in one round.
                    var identityRead = IdentityOrUnknown(client, within.Token);
                    var existing = await client.Workspace.ReadFileAsync(PathOf(pair), within.Token).ConfigureAwait(false);
                    var identity = await identityRead.ConfigureAwait(false);
                    // No history yet: is the pair's folder there at all? Not after a publish with -Region
                    // before the other region's first, and then there is no pair there to keep a history of.
                    if (existing == null
                        && await client.Workspace.GetStatusAsync(pair.Notebooks.WorkspaceDirectory,
                            within.Token).ConfigureAwait(false) == null) return null;
                    var line = Serialize(record.Stamped(identity, client.Transport.ServiceNow ?? session.Clock.UtcNow));
                    await client.Workspace.WriteFileAsync(PathOf(pair), Appended(existing, line), within.Token).ConfigureAwait(false);
                    return null;
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    return ex is OperationCanceledException ? $"no answer within {limit.TotalSeconds:0} s" : ex.Message;
                }
            })).ConfigureAwait(false);
            // What was not written where, said once: which region has the record, or that neither does.
            var operation = record.Operation == HistoryOperations.CatchUp ? "catch-up" : record.Operation.ToLowerInvariant();
            var what = $"{pair.Name}: the history of this {operation}";
            var failed = Regions.Both.Zip(warnings, (r, why) => (Region: r, Why: why)).Where(x => x.Why != null).ToList();
            if (failed.Count == 0) return Array.Empty<string>();
            if (failed.Count == 2)
            {
                return new[] { $"{what} was written in neither region ({string.Join("; ", failed.Select(f => $"{Regions.Name(f.Region)}: "
                    + f.Why))}): Get-DltDrHistory will not show it." };
            }
            var (lost, why) = failed[0];
            return new[] { $"{what} was not written in {Regions.Name(lost)} ({why}); {Regions.Name(Regions.Other(lost))}'s history "
                + "has it." };
        }

        /// <summary>Both regions' records of the pair, merged by id, oldest first; the regions that could not be read, with why.</summary>
        public static async Task<(IReadOnlyList<HistoryRecord> Records,
            IReadOnlyList<(Region Region, Exception Error)> Failures)> ReadAsync(PairDefinition pair, DrSession session,
                CancellationToken cancel)
        {
            var reads = await Task.WhenAll(Regions.Both.Select(async region =>
            {
                try
                {
                    var bytes = await session.For(pair, region).Workspace.ReadFileAsync(PathOf(pair), cancel).ConfigureAwait(false);
                    return (region,
                        records: Parse(bytes).Where(r => string.Equals(r.Pair, pair.Name, StringComparison.OrdinalIgnoreCase)).ToList(),
                            error: (Exception?)null);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || !cancel.IsCancellationRequested)
                {
                    return (region, records: new List<HistoryRecord>(), error: ex);
                }
            })).ConfigureAwait(false);
            var merged = new Dictionary<string, HistoryRecord>(StringComparer.Ordinal);
            foreach (var (region, records, _) in reads)
            {
                foreach (var r in records)
                {
                    if (merged.TryGetValue(r.Id, out var seen))
                    {
                        seen.Regions = seen.Regions.Append(Regions.Name(region)).ToList();
                        if (r.Time < seen.Time) seen.Time = r.Time;
                        continue;
                    }
                    r.Regions = new[] { Regions.Name(region) };
                    merged[r.Id] = r;
                }
            }
            var failures = reads.Where(r => r.error != null).Select(r => (r.region, r.error!)).ToList();
            return (merged.Values.OrderBy(r => r.Time).ThenBy(r => r.Id, StringComparer.Ordinal).ToList(), failures);
        }

        internal static IEnumerable<HistoryRecord> Parse(byte[]? bytes)
        {
            if (bytes == null) yield break;
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                HistoryRecord? record = null;
                try
                {
                    record = JsonConvert.DeserializeObject<HistoryRecord>(line, Settings);
                }
                catch (JsonException)
                {
                    // A line someone damaged is skipped; the rest of the history stands.
                }
                if (record != null && !string.IsNullOrEmpty(record.Id)) yield return record;
            }
        }

        internal static string Serialize(HistoryRecord record) => JsonConvert.SerializeObject(record, Settings);

        /// <summary>The file with the line added, the oldest lines dropped to stay under <see cref="MaxBytes"/>.</summary>
        internal static byte[] Appended(byte[]? existing, string line)
        {
            var lines = existing == null ? new List<string>()
                : Encoding.UTF8.GetString(existing).Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
            lines.Add(line);
            var size = lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1);
            var drop = 0;
            while (size > MaxBytes && drop < lines.Count - 1) size -= Encoding.UTF8.GetByteCount(lines[drop++]) + 1;
            return Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(drop)) + "\n");
        }

        private static async Task<string> IdentityOrUnknown(WorkspaceClient client, CancellationToken cancel)
        {
            try
            {
                return await client.CurrentUser.IdentityAsync(cancel).ConfigureAwait(false);
            }
            catch (DatabricksApiException)
            {
                // A workspace without SCIM for the caller still gets the record.
                return "unknown";
            }
        }
    }
}
