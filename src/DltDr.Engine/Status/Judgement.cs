using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// What the rules of <see cref="StatusRules"/> judge a pair on: both regions as read, which one is
    /// active, the standby's lag, the time (the service's), and the helpers the rules share.
    /// </summary>
    internal sealed class Judgement
    {
        public Judgement(PairDefinition pair, RegionStatus primary, RegionStatus secondary, StatusOptions options, DateTimeOffset now)
        {
            Pair = pair;
            Primary = primary;
            Secondary = secondary;
            Options = options;
            Now = now;
            Active = ActiveOf(primary, secondary);
            Standby = Active == ActiveRegion.Primary ? secondary : Active == ActiveRegion.Secondary ? primary : null;
            Lag = StandbyLagOf();
        }

        public PairDefinition Pair { get; }
        public RegionStatus Primary { get; }
        public RegionStatus Secondary { get; }
        public StatusOptions Options { get; }

        /// <summary>The service's time of the read.</summary>
        public DateTimeOffset Now { get; }

        public ActiveRegion Active { get; }

        /// <summary>The standby region, when one region is clearly active.</summary>
        public RegionStatus? Standby { get; }

        /// <summary>The active region's freshness minus the standby's, when one is clearly active and both say.</summary>
        public TimeSpan? Lag { get; }

        public IEnumerable<RegionStatus> Regions => new[] { Primary, Secondary };

        public RegionStatus Other(RegionStatus r) => r.Region == Pairs.Region.Primary ? Secondary : Primary;

        public StatusProblem Problem(ProblemKind kind, RegionStatus? region, string message, IReadOnlyList<string>? failsChecks = null)
            => new StatusProblem(kind, region?.Region, message, failsChecks);

        /// <summary>Read and published: its role is known.</summary>
        public static bool Known(RegionStatus r) => r.Error == null && r.PipelineId != null;

        /// <summary>Read, published and continuous.</summary>
        public static bool IsActive(RegionStatus r) => Known(r) && r.Role == RegionRole.Active;

        /// <summary>Continuous, and the update its promotion started failed: it processes nothing.</summary>
        public static bool PromotionFailed(RegionStatus r)
            => Known(r) && r.Role == RegionRole.Active && r.LatestUpdateState == UpdateStates.Failed && r.PromotedAt != null
                && r.LatestUpdateTime >= r.PromotedAt;

        /// <summary>A region that could not be read for <paramref name="failure"/>: one problem of that kind.</summary>
        public IEnumerable<StatusProblem> Unread(RegionStatus r, ProblemKind kind, RegionFailure failure, string message)
        {
            if (r.Error == null || r.Failure != failure) yield break;
            yield return Problem(kind, r, message);
        }

        /// <summary>
        /// A standby whose demotion did not finish while the other region runs: its update from before
        /// the other's promotion still going (it may still process), or its catch-up job left paused
        /// (it is not caught up, so it fails the CatchUpJob check too). Both are what a switch that
        /// lost the region midway leaves behind.
        /// </summary>
        public IEnumerable<StatusProblem> UnfinishedDemotions(ProblemKind pendingDemotion)
        {
            foreach (var r in Regions)
            {
                var other = Other(r);
                if (!Known(r) || r.Role != RegionRole.Standby || !IsActive(other)) continue;
                var finish = $"Run {NextStep.SetActiveRegion(Pair.Name, other.Region)} to finish it.";
                var name = StatusRules.Name(r);
                if (UpdateStates.IsActive(r.LatestUpdateState) && r.LatestUpdateCause != UpdateCauses.JobTask && other.PromotedAt != null
                    && r.LatestUpdateTime < other.PromotedAt)
                {
                    yield return Problem(pendingDemotion, r,
                        $"{name} is triggered but its update {r.LatestUpdateId}, started before {StatusRules.Name(other)} was promoted at "
                        + $"{Markers.FormatTime(other.PromotedAt.Value)}, is still {r.LatestUpdateState}: its demotion did not "
                            + $"finish and it may still "
                        + $"be processing. {finish}");
                }
                if (r.CatchUpJobId != null && r.CatchUpPaused != false)
                {
                    yield return Problem(pendingDemotion, r,
                        $"{name} is triggered (standby) but its catch-up job is paused: its demotion did not finish, so it is not "
                            + $"being caught up. {finish}",
                        new[] { ReadinessCheckNames.Roles, ReadinessCheckNames.CatchUpJob });
                }
            }
        }

        /// <summary>Both continuous: that, and which of them is pending demotion (the one promoted earlier).</summary>
        public IEnumerable<StatusProblem> BothActive(ProblemKind bothActive)
        {
            yield return Problem(bothActive, null, "Both pipelines are continuous: both regions are processing.");
            var (intended, pending) = StatusReader.PendingDemotion(Primary, Secondary);
            if (pending == null) yield break;
            yield return Problem(StatusRules.PendingDemotion, pending,
                $"{StatusRules.Name(pending)} is pending demotion and may still be running: {StatusRules.Name(intended!)} was promoted at "
                + $"{Markers.FormatTime(intended!.PromotedAt!.Value)}. Run {NextStep.SetActiveRegion(Pair.Name, intended.Region)} to "
                    + $"finish it.");
        }

        /// <summary>Why the standby is stale, or null: its data last processed before its catch-up was last due (with the grace).</summary>
        public string? StaleSince(RegionStatus r)
        {
            CronMatcher matcher;
            try
            {
                matcher = CronMatcher.Parse(Pair.CatchUp.QuartzCron);
            }
            catch (FormatException)
            {
                return null;
            }
            var due = matcher.PreviousFiring(Now - Options.CatchUpGrace, Pair.CatchUp.Zone, TimeSpan.FromDays(35));
            if (due == null) return null;
            var fresh = r.FreshAsOf ?? r.LastSuccessfulUpdate;
            var catchUp = NextStep.CatchUp(Pair.Name);
            if (fresh == null)
                return $"{StatusRules.Name(r)} has never processed data, and its catch-up was due at "
                    + $"{Markers.FormatTime(due.Value)}. Run {catchUp}.";
            if (fresh < due)
                return $"{StatusRules.Name(r)}'s data was last processed at {Markers.FormatTime(fresh.Value)}, before its catch-up due at "
                    + $"{Markers.FormatTime(due.Value)}. Run {catchUp}.";
            return null;
        }

        private static ActiveRegion ActiveOf(RegionStatus p, RegionStatus s)
        {
            var pActive = IsActive(p);
            var sActive = IsActive(s);
            if (pActive && sActive) return ActiveRegion.Both;
            if (Known(p) && Known(s)) return pActive ? ActiveRegion.Primary : sActive ? ActiveRegion.Secondary : ActiveRegion.None;
            // One region is unknown: a region seen active is active; otherwise the unknown one may be.
            if (pActive) return ActiveRegion.Primary;
            if (sActive) return ActiveRegion.Secondary;
            return ActiveRegion.Unknown;
        }

        private TimeSpan? StandbyLagOf()
        {
            if (Standby == null) return null;
            var active = Other(Standby);
            if (active.FreshAsOf == null || Standby.FreshAsOf == null || Standby.Error != null) return null;
            var lag = active.FreshAsOf.Value - Standby.FreshAsOf.Value;
            return lag < TimeSpan.Zero ? TimeSpan.Zero : lag;
        }

        /// <summary>What the account answered for the failover group the pair follows; null when none or not read.</summary>
        public Databricks.Models.FailoverGroupInfo? FailoverGroupInfo => FailoverGroupRead?.Info;

        /// <summary>The failover group, not ACTIVE: failing over (pipelines should not move meanwhile) or failed.</summary>
        public IEnumerable<StatusProblem> FailoverGroupNotActive(ProblemKind kind)
        {
            var read = FailoverGroupRead;
            var state = read?.Info?.State;
            if (read == null || state == null || state == "ACTIVE") yield break;
            yield return Problem(kind, null, state == "FAILING_OVER"
                ? $"The failover group {read.Link.Id} is failing over (from {read.Info!.EffectivePrimaryRegion}): wait until it is "
                    + $"ACTIVE, then run {Output.NextStep.Status(Pair.Name)} again; no pipeline should move meanwhile."
                : $"The failover group {read.Link.Id} is {state} (its effective primary region {read.Info!.EffectivePrimaryRegion}): "
                    + "see the account console for why, and fail it over again or back.");
        }

        /// <summary>The failover group's replication point further behind than the pair's standby lag objective.</summary>
        public IEnumerable<StatusProblem> FailoverGroupReplicationBehind(ProblemKind kind)
        {
            var read = FailoverGroupRead;
            if (read?.Info?.ReplicationPoint == null || Pair.Objectives.StandbyLag is not TimeSpan objective) yield break;
            if (!DateTimeOffset.TryParse(read.Info.ReplicationPoint, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var point)) yield break;
            var behind = Now - point;
            if (behind <= objective) yield break;
            yield return Problem(kind, null,
                $"The failover group {read.Link.Id} has replicated the data up to {point.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, "
                    + $"{Pairs.Objectives.Describe(behind)} ago: past the pair's standby lag objective of "
                    + $"{Pairs.Objectives.Describe(objective)} ({Pair.Objectives.StandbyLagFrom}). A failover now would lose more than was "
                    + "promised, whatever the pipelines do.");
        }

        /// <summary>The pair's two workspaces (their ids as they answered) not both in one workspace set of the failover group.</summary>
        public IEnumerable<StatusProblem> FailoverGroupMissesPair(ProblemKind kind)
        {
            var read = FailoverGroupRead;
            var sets = read?.Info?.WorkspaceSets;
            if (read == null || sets == null || Primary.WorkspaceId == null || Secondary.WorkspaceId == null) yield break;
            if (sets.Any(s => s.WorkspaceIds != null && s.WorkspaceIds.Contains(Primary.WorkspaceId)
                && s.WorkspaceIds.Contains(Secondary.WorkspaceId))) yield break;
            yield return Problem(kind, null,
                $"The pair's workspaces (primary {Primary.WorkspaceId}, secondary {Secondary.WorkspaceId}) are not both in one workspace "
                    + $"set of the failover group {read.Link.Id} ({string.Join("; ", sets.Select(s => $"{s.Name}: "
                    + string.Join(", ", s.WorkspaceIds ?? new List<string>())))}): it does not replicate this pair's data and assets.");
        }

        /// <summary>
        /// The catalog the pair's standby writes to (in the region that is not the failover group's
        /// primary) is one the group replicates: a read-only replica there, so the standby's catch-up
        /// cannot write to it.
        /// </summary>
        public IEnumerable<StatusProblem> FailoverGroupReplicatesCatalog(ProblemKind kind)
        {
            var read = FailoverGroupRead;
            if (ReplicatedCatalog.Of(Pair, read) is (string catalog, Region standby)) yield return Problem(kind, null,
                ReplicatedCatalog.Describe(read!, catalog, standby));
        }

        /// <summary>The failover group the pair follows, as this command read it; null when it follows none or it was not read.</summary>
        private FailoverGroupRead? FailoverGroupRead => Pair.FailoverGroup is Pairs.FailoverGroupLink link && Options.FailoverGroups != null
            && Options.FailoverGroups.TryGetValue(link.Key, out var read) ? read : null;

        /// <summary>The pair's active region where the failover group's primary is not (while the group is not failing over).</summary>
        public IEnumerable<StatusProblem> FailoverGroupDisagreement(ProblemKind kind)
        {
            var read = FailoverGroupRead;
            var info = read?.Info;
            if (read == null || info == null || info.State == "FAILING_OVER") yield break;
            if (!(read.Link.RegionOf(info.EffectivePrimaryRegion) is Pairs.Region groupRegion)) yield break;
            var active = Active == ActiveRegion.Primary ? Pairs.Region.Primary : Active == ActiveRegion.Secondary ? Pairs.Region.Secondary
                : (Pairs.Region?)null;
            if (active == null || active == groupRegion) yield break;
            yield return Problem(kind, null,
                $"The failover group {read.Link.Id} has its effective primary region in {info.EffectivePrimaryRegion} (the pair's "
                    + $"{Pairs.Regions.Name(groupRegion)}), but the pair's active region is {Pairs.Regions.Name(active.Value)}: its "
                    + $"pipeline writes where the tables are now replicas. Run "
                    + $"{Output.NextStep.SetActiveRegion(Pair.Name, groupRegion)}.");
        }

        /// <summary>A failover group that could not be read, or whose primary is in neither of the pair's regions.</summary>
        public IEnumerable<StatusProblem> FailoverGroupUnread(ProblemKind kind)
        {
            var read = FailoverGroupRead;
            if (read == null) yield break;
            if (read.Error != null)
            {
                yield return Problem(kind, null, $"The failover group {read.Link.Id} could not be read from {read.Link.Account.Host}: "
                    + read.Error);
            }
            else if (read.Info != null && read.Link.RegionOf(read.Info.EffectivePrimaryRegion) == null)
            {
                yield return Problem(kind, null, $"The failover group {read.Link.Id} has its effective primary region in "
                    + $"{read.Info.EffectivePrimaryRegion}, which the group file names for neither region (primary "
                    + $"{read.Link.PrimaryRegion}, secondary {read.Link.SecondaryRegion}).");
            }
        }
    }
}
