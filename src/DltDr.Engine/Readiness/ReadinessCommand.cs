using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Commands;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;

namespace DltDr.Engine.Readiness
{
    /// <summary>Tests, pair by pair and many at once, whether the standby could take over now.</summary>
    public sealed class ReadinessCommand
    {
        private readonly DrSession _session;
        private readonly StatusOptions _status;
        private readonly TimeSpan _validationTimeout;

        public ReadinessCommand(DrSession session, StatusOptions status, TimeSpan validationTimeout)
        {
            _session = session;
            _status = status;
            _validationTimeout = validationTimeout;
        }

        /// <summary>The region a failover would make active; the standby when null.</summary>
        public Region? Region { get; set; }

        /// <summary>Whether to run the validate_only update (its only write).</summary>
        public bool Validate { get; set; } = true;

        public int ThrottleLimit { get; set; } = 256;

        public Task RunAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output, CancellationToken cancel)
            => Concurrently.ForEachAsync(pairs, ThrottleLimit, async pair =>
            {
                var checker = new ReadinessChecker(pair, _session, _status, _validationTimeout) { Validate = Validate };
                // Each check as it is done, in progress and -Verbose (a validation takes seconds to minutes).
                var activity = output.Activity($"Testing a failover of {pair.Name}");
                try
                {
                    var readiness = await checker.CheckAsync(Region, cancel, activity).ConfigureAwait(false);
                    activity.Complete();
                    output.Result(readiness);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    activity.Complete();
                    // One pair that cannot be tested does not stop the others.
                    output.Error(ex, pair.Name);
                }
            }, cancel);
    }
}
