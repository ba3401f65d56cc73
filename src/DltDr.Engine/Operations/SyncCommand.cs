using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Sync-DltDrActiveRegion: every pair moves to the region its group's account failover group has
    /// as its effective primary: planned where the old region answers, unplanned where it does not,
    /// nothing where they agree. A failover group failing over, failed or unreadable moves none of its
    /// pairs. Each switch is the switch's own (reads first), so a rerun after Ctrl+C finishes it.
    /// </summary>
    public sealed class SyncCommand
    {
        private readonly DrSession _session;
        private readonly SwitchOptions _options;
        private readonly Dictionary<string, FollowedFailoverGroup> _following =
            new Dictionary<string, FollowedFailoverGroup>(StringComparer.OrdinalIgnoreCase);

        public SyncCommand(DrSession session, SwitchOptions options)
        {
            _session = session;
            _options = options;
        }

        public int ThrottleLimit { get; set; } = 256;

        /// <summary>Where each pair is to go, read from its failover group; a pair that cannot be synced is said, not moved.</summary>
        public async Task<IReadOnlyList<(PairDefinition Pair, Region Target, string Why)>> PlanAsync(IReadOnlyList<PairDefinition> pairs,
            ICommandOutput output, CancellationToken cancel)
        {
            var groups = await StatusCommand.ReadFailoverGroupsAsync(_session, pairs, cancel).ConfigureAwait(false);
            var plan = new List<(PairDefinition, Region, string)>();
            foreach (var pair in pairs)
            {
                var link = pair.FailoverGroup;
                if (link == null)
                {
                    output.Error(new DrOperationException(DrRefusal.NoCommonFailoverGroup,
                        $"{pair.Name} follows no failover group (no failoverGroup in its group's file): there is nothing to sync it to."),
                        pair.Name);
                    continue;
                }
                var read = groups[link.Key];
                var info = read.Info;
                if (info == null)
                {
                    output.Warning($"{pair.Name}: the failover group {link.Id} could not be read ({read.Error}); not moved.");
                    continue;
                }
                if (info.State != "ACTIVE")
                {
                    output.Warning($"{pair.Name}: the failover group {link.Id} is {info.State}; not moved until it is ACTIVE.");
                    continue;
                }
                if (!(link.RegionOf(info.EffectivePrimaryRegion) is Region target))
                {
                    output.Warning($"{pair.Name}: the failover group {link.Id}'s primary is in {info.EffectivePrimaryRegion}, which its "
                        + "group file names for neither region; not moved.");
                    continue;
                }
                plan.Add((pair, target, $"the failover group {link.Id} has its primary in {info.EffectivePrimaryRegion}"));
                _following[pair.Name] = FollowedFailoverGroup.Of(link.Id, info);
            }
            return plan;
        }

        /// <summary>
        /// Switches the planned pairs to their targets, in dependency order per target; a pair whose
        /// other region does not answer is switched unplanned (it is demoted by a later sync).
        /// </summary>
        public async Task RunAsync(IReadOnlyList<(PairDefinition Pair, Region Target, string Why)> plan,
            Func<string, PairDefinition?> outside, ICommandOutput output, CancellationToken cancel)
        {
            foreach (var target in plan.GroupBy(p => p.Target))
            {
                var pairs = target.Select(p => p.Pair).ToList();
                var planned = new Recording(output);
                var order = SwitchCommand.Order(pairs, outside);
                var plannedOptions = _options.With(unplanned: false, following: _following);
                await new SwitchCommand(_session, target.Key, plannedOptions) { ThrottleLimit = ThrottleLimit }
                    .RunAsync(order, pairs, planned, cancel).ConfigureAwait(false);
                var unreachable = pairs.Where(p => planned.OtherRegionUnreachable.Contains(p.Name)).ToList();
                if (unreachable.Count == 0) continue;
                foreach (var p in unreachable) output.Verbose($"{p.Name}: the other region does not answer; switching unplanned");
                var unplanned = _options.With(unplanned: true, following: _following);
                await new SwitchCommand(_session, target.Key, unplanned) { ThrottleLimit = ThrottleLimit }
                    .RunAsync(SwitchCommand.Order(unreachable, outside), unreachable, output, cancel).ConfigureAwait(false);
            }
        }

        /// <summary>Passes everything on but a planned switch's OtherRegionUnreachable, which it keeps for the unplanned pass.</summary>
        private sealed class Recording : ICommandOutput
        {
            private readonly ICommandOutput _inner;

            public Recording(ICommandOutput inner) => _inner = inner;

            public ConcurrentBag<string> OtherRegionUnreachable { get; } = new ConcurrentBag<string>();

            public void Result(object result) => _inner.Result(result);

            public void Error(Exception error, string target)
            {
                if (error is DrOperationException d && d.Reason == DrRefusal.OtherRegionUnreachable) OtherRegionUnreachable.Add(target);
                else _inner.Error(error, target);
            }

            public void Warning(string text) => _inner.Warning(text);
            public void Verbose(string text) => _inner.Verbose(text);
            public void Stopping(string text) => _inner.Stopping(text);
            public IActivity Activity(string title) => _inner.Activity(title);
        }
    }
}
