using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
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

        public async Task RunAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output, CancellationToken cancel)
        {
            var list = pairs.ToList();
            // A failover group not ACTIVE fails the Roles check: read each one the pairs follow, once.
            _status.FailoverGroups = await StatusCommand.ReadFailoverGroupsAsync(_session, list, cancel).ConfigureAwait(false);
            await Concurrently.ForEachAsync(WorkspaceSpread.Of(list), ThrottleLimit, async pair =>
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
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    // Its only write is a validate-only update, which changes nothing and ends by itself.
                    activity.Complete();
                    output.Stopping($"{pair.Name}: the readiness test was stopped; a validate-only update it started changes nothing "
                        + $"and ends by itself. Run {NextStep.TestFailover(pair.Name)} again for the answer.");
                    throw;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    activity.Complete();
                    // One pair that cannot be tested does not stop the others.
                    output.Error(ex, pair.Name);
                }
            }, cancel).ConfigureAwait(false);
        }
    }
}
