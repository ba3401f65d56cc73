using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Commands;
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

        public Task RunAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output, CancellationToken cancel)
            => Concurrently.ForEachAsync(pairs, ThrottleLimit, async pair =>
            {
                var status = await new StatusReader(pair, _session, _options).ReadAsync(cancel).ConfigureAwait(false);
                foreach (var p in status.Problems) output.Verbose($"{pair.Name}: {p}");
                output.Result(status);
            }, cancel);
    }
}
