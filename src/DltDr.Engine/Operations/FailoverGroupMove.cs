using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Set-DltDrActiveRegion -FailoverGroup: the account failover group the pairs follow is failed over
    /// to the target region first (with the etag it was read at), and waited for until ACTIVE; only
    /// then may the pipelines move. A failover that fails, or a group that changed meanwhile, stops
    /// the command before any pipeline moves.
    /// </summary>
    public sealed class FailoverGroupMove
    {
        private readonly DrSession _session;

        public FailoverGroupMove(DrSession session, FailoverGroupLink link, Region target)
        {
            _session = session;
            Link = link;
            Target = target;
        }

        public FailoverGroupLink Link { get; }
        public Region Target { get; }

        /// <summary>The cloud region the failover group is to have as its primary.</summary>
        public string TargetRegion => Target == Region.Primary ? Link.PrimaryRegion : Link.SecondaryRegion;

        /// <summary>The one failover group every pair follows, or a refusal naming the pairs that follow another or none.</summary>
        public static FailoverGroupLink CommonLink(IReadOnlyList<PairDefinition> pairs)
        {
            var keys = pairs.GroupBy(p => p.FailoverGroup?.Key ?? string.Empty).ToList();
            if (keys.Count == 1 && keys[0].Key.Length > 0) return keys[0].First().FailoverGroup!;
            var none = pairs.Where(p => p.FailoverGroup == null).Select(p => p.Name).ToList();
            var why = none.Count > 0
                ? $"{string.Join(", ", none)} follow{(none.Count == 1 ? "s" : "")} no failover group (no failoverGroup in a group file)"
                : $"the pairs follow {keys.Count} failover groups ({string.Join(", ", keys.Select(k => k.First().FailoverGroup!.Id))})";
            throw new DrOperationException(DrRefusal.NoCommonFailoverGroup,
                $"-FailoverGroup moves one account failover group and then its pipelines, but {why}. Nothing was moved.");
        }

        /// <summary>As -WhatIf and the confirmation say it.</summary>
        public string Describe()
            => $"Fail the account failover group {Link.Id} over to {TargetRegion} (the pairs' {Regions.Name(Target)}) with the etag read, "
                + "wait until it is ACTIVE, then switch the pipelines";

        /// <summary>
        /// Fails the group over (unless it is ACTIVE in the target already) and waits until it is ACTIVE
        /// there; answers the group as last read.
        /// </summary>
        public async Task<FailoverGroupInfo> RunAsync(TimeSpan timeout, IProgress<string>? progress, CancellationToken cancel)
        {
            var account = _session.Account(Link);
            var group = await account.GetAsync(Link.AccountId, Link.Id, cancel).ConfigureAwait(false);
            if (group.State == "ACTIVE" && Link.RegionOf(group.EffectivePrimaryRegion) == Target)
            {
                progress?.Report($"failover group {Link.Id}: ACTIVE in {group.EffectivePrimaryRegion} already");
                return group;
            }
            if (group.State != "FAILING_OVER")
            {
                try
                {
                    progress?.Report($"failover group {Link.Id}: failing over to {TargetRegion}");
                    group = await account.FailoverAsync(Link.AccountId, Link.Id, TargetRegion, group.Etag, cancel).ConfigureAwait(false);
                }
                catch (DatabricksApiException ex) when (ex.StatusCode == 409 && !ex.OutcomeUnknown)
                {
                    throw new DrOperationException(DrRefusal.FailoverGroupChanged,
                        $"The failover group {Link.Id} changed after it was read (etag {group.Etag}): {ex.Message} No pipeline was moved.",
                        ex);
                }
                catch (DatabricksApiException ex) when (ex.OutcomeUnknown)
                {
                    // Not known whether it started: the reads below say.
                    progress?.Report($"failover group {Link.Id}: no answer to the failover; reading it again");
                }
            }
            var (done, last) = await _session.Options.Polling.UntilAsync(async token =>
            {
                var g = await account.GetAsync(Link.AccountId, Link.Id, token).ConfigureAwait(false);
                return (g.State != "FAILING_OVER", g);
            }, timeout, g => progress?.Report($"failover group {Link.Id}: {g.State}, primary in {g.EffectivePrimaryRegion}"), cancel)
                .ConfigureAwait(false);
            if (!done)
            {
                throw new DrOperationException(DrRefusal.Timeout,
                    $"The failover group {Link.Id} was still FAILING_OVER after {timeout.TotalMinutes:0.#} minutes; no pipeline was moved. "
                        + "Run the command again once it is ACTIVE (it fails over nothing twice).");
            }
            if (last.State == "FAILOVER_FAILED")
            {
                throw new DrOperationException(DrRefusal.FailoverGroupFailed,
                    $"The failover group {Link.Id}'s failover to {TargetRegion} failed (FAILOVER_FAILED; its primary is still in "
                        + $"{last.EffectivePrimaryRegion}). No pipeline was moved.");
            }
            if (Link.RegionOf(last.EffectivePrimaryRegion) != Target)
            {
                throw new DrOperationException(DrRefusal.FailoverGroupChanged,
                    $"The failover group {Link.Id} is {last.State} in {last.EffectivePrimaryRegion}, not {TargetRegion}: someone else "
                        + "moved it meanwhile. No pipeline was moved.");
            }
            return last;
        }
    }
}
