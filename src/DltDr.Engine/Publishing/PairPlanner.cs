using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Publishing
{
    /// <summary>
    /// Plans a pair's publish: reads both regions at once (the other region decides a first
    /// publish's role), refuses while a switch is unfinished (both regions continuous), then plans
    /// each region asked for. Writes nothing.
    /// </summary>
    public sealed class PairPlanner
    {
        private readonly PairDefinition _pair;
        private readonly Func<Region, WorkspaceClient> _clients;
        private readonly bool _adopt;

        public PairPlanner(PairDefinition pair, Func<Region, WorkspaceClient> clients, bool adopt)
        {
            _pair = pair;
            _clients = clients;
            _adopt = adopt;
        }

        /// <summary>
        /// One region's outcome: its plan and publisher, or why it cannot be published (neither when the pair's refusal was given already);
        /// and a warning to show.
        /// </summary>
        public sealed class RegionOutcome
        {
            internal RegionOutcome(Region region) => Region = region;

            public Region Region { get; }
            public RegionPlan? Plan { get; internal set; }
            public PairPublisher? Publisher { get; internal set; }
            public Exception? Error { get; internal set; }
            public string? Warning { get; internal set; }
        }

        /// <summary>
        /// Plans both regions. The notebooks are checked first (the folder is here, every file
        /// within the import limit), so a pair that cannot be published fails before any call.
        /// </summary>
        public async Task<IReadOnlyList<RegionOutcome>> PlanAsync(IEnumerable<Region> wanted, Action<string>? reading,
            CancellationToken cancel)
        {
            _pair.Notebooks.Load();
            var publishers = new Dictionary<Region, PairPublisher>();
            var discovered = await Task.WhenAll(Regions.Both.Select(async region =>
            {
                try
                {
                    var publisher = new PairPublisher(_pair, region, _clients(region), _adopt);
                    lock (publishers) publishers[region] = publisher;
                    reading?.Invoke($"{Regions.Label(_pair.Name, region)}: reading {_pair[region].Host.GetLeftPart(UriPartial.Authority)}");
                    return (region, state: await publisher.DiscoverAsync(cancel).ConfigureAwait(false), error: (Exception?)null);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    return (region, state: (RegionState?)null, error: ex);
                }
            })).ConfigureAwait(false);

            var unfinished = Unfinished(discovered.Select(d => d.state).ToArray());
            var outcomes = new List<RegionOutcome>();
            foreach (var region in wanted.Distinct())
            {
                var outcome = new RegionOutcome(region);
                outcomes.Add(outcome);
                var mine = discovered.First(d => d.region == region);
                var other = discovered.First(d => d.region != region);
                if (mine.error != null)
                {
                    outcome.Error = mine.error;
                    continue;
                }
                if (unfinished != null)
                {
                    // One refusal for the pair, not one per region.
                    if (outcomes.Count == 1) outcome.Error = unfinished;
                    continue;
                }
                if (mine.state!.Pipeline == null && other.error != null)
                {
                    outcome.Warning = $"{Regions.Label(_pair.Name, region)}: first publish here, and "
                        + $"{Regions.Label(_pair.Name, other.region)} could not be read, so its role is assumed: "
                            + $"{(region == Region.Primary ? "active" : "standby")}.";
                }
                try
                {
                    var active = PublishRoles.IsActive(region, mine.state, other.state);
                    outcome.Plan = await publishers[region].PlanAsync(mine.state!, active, cancel).ConfigureAwait(false);
                    outcome.Publisher = publishers[region];
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    outcome.Error = ex;
                }
            }
            return outcomes;
        }

        /// <summary>
        /// Both pipelines continuous means a switch is unfinished (or someone made both run): publishing
        /// now would settle each region's job by a role that is about to change. The refusal names the
        /// Set-DltDrActiveRegion run that finishes it, from the promotion markers.
        /// </summary>
        private DrOperationException? Unfinished(RegionState?[] both)
        {
            if (both.Any(s => s?.Active != true)) return null;
            var intended = Markers.LastPromoted(Markers.PromotedAt(both[0]!.Pipeline!.Spec), Markers.PromotedAt(both[1]!.Pipeline!.Spec));
            var finish = intended != null
                ? $"{Regions.Name(Regions.Other(intended.Value))} is pending demotion ({Regions.Name(intended.Value)} was promoted last). "
                    + $"Run {NextStep.SetActiveRegion(_pair.Name, intended.Value)} to finish the switch, then publish."
                : $"Decide which region stays active and run {NextStep.SetActiveRegion(_pair.Name, Region.Primary)} "
                    + $"(or {NextStep.SetActiveRegion(_pair.Name, Region.Secondary)}), then publish.";
            var next = intended != null ? NextStep.SetActiveRegion(_pair.Name, intended.Value) : null;
            return new DrOperationException(DrRefusal.BothActive,
                $"Both regions of pair '{_pair.Name}' are running, so it is not published (nothing was written): {finish}", next: next);
        }
    }
}
