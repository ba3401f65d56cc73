using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Holds each pair of a switch until the pairs it depends on run in the target region: those
    /// switched in the same command must have succeeded; others must already be active and
    /// running there. A pair whose upstream failed is not switched (UpstreamFailed), and neither
    /// are its own dependents.
    /// </summary>
    public sealed class UpstreamGate
    {
        private readonly SwitchOrder _order;
        private readonly Region _target;
        private readonly ISet<string> _switched;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _done = new ConcurrentDictionary<string,
            TaskCompletionSource<string?>>(StringComparer.OrdinalIgnoreCase);

        /// <param name="switched">The names of the pairs this command switches (those approved).</param>
        public UpstreamGate(SwitchOrder order, Region target, IEnumerable<string> switched)
        {
            _order = order;
            _target = target;
            _switched = new HashSet<string>(switched, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Waits for the pair's upstreams; null when it may go, else why not (the message of its
        /// UpstreamFailed refusal). <paramref name="readStatus"/> reads an upstream not switched here.
        /// </summary>
        public async Task<string?> WaitAsync(PairDefinition pair, Func<PairDefinition, CancellationToken, Task<PairStatus>> readStatus,
            CancellationToken cancel)
        {
            var target = Regions.Name(_target);
            foreach (var up in _order.UpstreamsInSet(pair).Where(u => _switched.Contains(u.Name)))
            {
                var failure = await Completion(up.Name).Task.ConfigureAwait(false);
                if (failure != null)
                {
                    return $"{pair.Name} was not switched: it depends on {up.Name}, which did not come to run in {target} ({failure}). "
                        + $"Make {up.Name} active in {target} first, then run "
                            + $"{Output.NextStep.SetActiveRegion(pair.Name, _target)} again.";
                }
            }
            var others = _order.UpstreamsInSet(pair).Where(u => !_switched.Contains(u.Name)).Concat(_order.UpstreamsOutside(pair)).ToList();
            foreach (var up in others)
            {
                cancel.ThrowIfCancellationRequested();
                var status = await readStatus(up, cancel).ConfigureAwait(false);
                var runs = status.IsActive(_target) && status[_target].PipelineState == Databricks.Models.PipelineStates.Running;
                if (!runs)
                    return $"{pair.Name} was not switched: it depends on {up.Name}, which is not part of this switch and does not "
                        + $"run in {target} (active: {status.ActiveRegion.ToString().ToLowerInvariant()}). Make {up.Name} active in "
                            + $"{target} first (or switch both with -Group), then run again.";
            }
            return null;
        }

        /// <summary>
        /// Records how a pair's switch ended (null: it runs in the target region), releasing its
        /// dependents, which go on in this thread (no trip through the thread pool).
        /// </summary>
        public void Done(PairDefinition pair, string? failure) => Completion(pair.Name).TrySetResult(failure);

        private TaskCompletionSource<string?> Completion(string name)
            => _done.GetOrAdd(name, _ => new TaskCompletionSource<string?>(TaskCreationOptions.None));
    }
}
