using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using static DltDr.Engine.Status.ReadinessCheckNames;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// Every status problem, as a table (a problem's stable code is its name here): code,
    /// severity, the readiness check it fails, what it means, what fixes it, and the rule that
    /// finds it. Region rules look at one region (with the
    /// other beside it); pair rules at both. Adding a problem is an entry here; about_DltDr's list is
    /// rendered from this table (tests/DltDr.Tests/Module/HelpTables.cs), and a test fails until it is.
    /// </summary>
    public static class StatusRules
    {
        private delegate IEnumerable<StatusProblem> RegionRule(Judgement j, RegionStatus r, ProblemKind self);

        private delegate IEnumerable<StatusProblem> PairRule(Judgement j, ProblemKind self);

        private static readonly StatusProblem[] None = Array.Empty<StatusProblem>();
        private static readonly List<ProblemKind> Table = new List<ProblemKind>();
        private static readonly List<(ProblemKind Kind, RegionRule Rule)> RegionRules = new List<(ProblemKind, RegionRule)>();
        private static readonly List<(ProblemKind Kind, PairRule Rule)> PairRules = new List<(ProblemKind, PairRule)>();

        // ---- a region that could not be read -------------------------------------------------

        public static readonly ProblemKind RegionUnreachable = Region(nameof(RegionUnreachable), ProblemSeverity.Error,
            Reachable,
            "the region did not answer (refused, not resolved, or no answer within -RegionTimeoutSec).",
            "Check the host and network; Set-DltDrActiveRegion -Unplanned if it is down.",
            (j, r, self) => j.Unread(r, self, RegionFailure.Unreachable, $"{Name(r)} ({r.Host}) is unreachable: {r.Error}"));

        public static readonly ProblemKind AuthenticationFailed = Region(nameof(AuthenticationFailed), ProblemSeverity.Error,
            Credentials,
            "the region, or the token or identity endpoint its auth uses, refused the credentials (401, an invalid or expired "
            + "token, a client secret or identity refused: invalid_client, invalid_grant, unauthorized_client). It may well be "
            + "running.",
            "Fix the region's auth settings, the secret or identity in the environment, or -Token.",
            (j, r, self) => j.Unread(r, self, RegionFailure.AuthenticationFailed,
                $"{Name(r)} ({r.Host}) refused the credentials, so it could not be read (it may be running): {r.Error}"));

        public static readonly ProblemKind CredentialsUnavailable = Region(nameof(CredentialsUnavailable), ProblemSeverity.Error,
            Credentials,
            "no credentials could be had for the region (none configured, a profile missing, the token endpoint could not be "
            + "reached), so the workspace was not asked: whether it runs is not known.",
            "Supply them: -Token, the environment (DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, or "
            + "IDENTITY_ENDPOINT for a managed identity), or the profile in ~/.databrickscfg that the region's auth names.",
            (j, r, self) => j.Unread(r, self, RegionFailure.CredentialsUnavailable,
                $"{Name(r)} ({r.Host}): credentials unavailable, so it was not asked: {r.Error}"));

        public static readonly ProblemKind PermissionDenied = Region(nameof(PermissionDenied), ProblemSeverity.Error,
            Credentials,
            "the identity is known but may not read the pair's pipeline or job.",
            "Give it CAN_MANAGE on both.",
            (j, r, self) => j.Unread(r, self, RegionFailure.PermissionDenied,
                $"{Name(r)} ({r.Host}) denied the identity the rights to read the pair: {r.Error}"));

        public static readonly ProblemKind RegionError = Region(nameof(RegionError), ProblemSeverity.Error, Reachable,
            "the service answered another error; the message has it.",
            "Run again, or report it.",
            (j, r, self) => j.Unread(r, self, RegionFailure.Error, $"{Name(r)} ({r.Host}) could not be read: {r.Error}"));

        // ---- a region read ---------------------------------------------------------------------

        public static readonly ProblemKind NotPublished = Region(nameof(NotPublished), ProblemSeverity.Error, CatchUpJob,
            "a region has no pipeline or catch-up job of the pair.",
            "Run Publish-DltDrPipeline.",
            (j, r, self) => r.Error != null ? None
                : r.PipelineId == null
                    ? One(j.Problem(self, r,
                        $"{Name(r)} has no pipeline of pair '{j.Pair.Name}'. Run {NextStep.Publish(j.Pair.Name)}."))
                : r.CatchUpJobId == null
                    ? One(j.Problem(self, r, $"{Name(r)} has no catch-up job. Run {NextStep.Publish(j.Pair.Name)}."))
                : None);

        public static readonly ProblemKind ModeJobMismatch = Region(nameof(ModeJobMismatch), ProblemSeverity.Error, CatchUpJob,
            "a region's mode and its catch-up job disagree (an active region whose job is not paused, or, while no region is active, "
            + "a triggered one whose job is paused).",
            "Run Set-DltDrActiveRegion for the active region again, or Publish-DltDrPipeline.",
            (j, r, self) => !Judgement.Known(r) || r.CatchUpJobId == null ? None
                : r.Role == RegionRole.Active && r.CatchUpPaused != true
                    ? One(j.Problem(self, r, $"{Name(r)} runs continuously but its catch-up job is not paused: "
                        + "the job would start updates against the running pipeline."))
                : r.Role == RegionRole.Standby && r.CatchUpPaused != false && !Judgement.IsActive(j.Other(r))
                    ? One(j.Problem(self, r,
                        $"{Name(r)} is triggered (standby) but its catch-up job is paused: it is not being caught up."))
                : None);

        public static readonly ProblemKind PromotionFailed = Region(nameof(PromotionFailed), ProblemSeverity.Error, Roles,
            "the update a promotion started failed; the message gives the region and the update's error from the event log. "
            + "It stays until a switch or a publish resolves it.",
            "Fix the cause, then run Set-DltDrActiveRegion (either region) or Publish-DltDrPipeline.",
            (j, r, self) => !Judgement.PromotionFailed(r) ? None : One(j.Problem(self, r,
                $"{Name(r)} was promoted at {Markers.FormatTime(r.PromotedAt!.Value)} but its update {r.LatestUpdateId} failed: "
                + $"{r.LatestUpdateError ?? "see the pipeline's event log"}. Fix the cause, then run "
                    + $"{NextStep.SetActiveRegion(j.Pair.Name, r.Region)} again, "
                + $"or {NextStep.SetActiveRegion(j.Pair.Name, j.Other(r).Region)} to go back, or {NextStep.Publish(j.Pair.Name)}.")));

        public static readonly ProblemKind ActiveNotRunning = Region(nameof(ActiveNotRunning), ProblemSeverity.Error, Roles,
            "the active region is continuous but idle or failed.",
            "Check its event log; Set-DltDrActiveRegion for it starts it again.",
            (j, r, self) => Judgement.Known(r) && r.Role == RegionRole.Active && !Judgement.PromotionFailed(r)
                && (r.PipelineState == PipelineStates.Failed || r.PipelineState == PipelineStates.Idle
                    || r.LatestUpdateState == UpdateStates.Failed)
                ? One(j.Problem(self, r,
                    $"{Name(r)} is the continuous pipeline but is {r.PipelineState} (latest update {r.LatestUpdateState ?? "none"})."))
                : None);

        public static readonly ProblemKind StandbyFailed = Region(nameof(StandbyFailed), ProblemSeverity.Error, Roles,
            "the standby's pipeline is FAILED, or its newest update failed (not one its catch-up job started: that is "
            + "CatchUpFailing), as a promotion that failed and was rolled back leaves it. A failover to it would start from a "
            + "pipeline that does not run. It stays until an update succeeds there.",
            "Read its error (LatestUpdateError, or the pipeline's event log), fix the cause, then run Invoke-DltDrCatchUp.",
            (j, r, self) => Judgement.Known(r) && r.Role == RegionRole.Standby && !r.LastCatchUpFailed
                && (r.PipelineState == PipelineStates.Failed || r.LatestUpdateState == UpdateStates.Failed)
                ? One(j.Problem(self, r, $"{Name(r)} is the standby but its "
                    + (r.LatestUpdateState == UpdateStates.Failed ? $"newest update {r.LatestUpdateId} failed" : "pipeline is FAILED")
                    + $"{(r.LatestUpdateError != null ? ": " + r.LatestUpdateError : "")}. A failover to it would fail; fix the "
                    + $"cause, then run {NextStep.CatchUp(j.Pair.Name)}."))
                : None);

        public static readonly ProblemKind CatchUpFailing = Region(nameof(CatchUpFailing), ProblemSeverity.Warning, CatchUpJob,
            "the standby's newest update, started by its catch-up job, failed.",
            "Read its error (LatestUpdateError, or the pipeline's event log), fix the update, run Invoke-DltDrCatchUp.",
            (j, r, self) => Judgement.Known(r) && r.Role == RegionRole.Standby && r.LastCatchUpFailed
                ? One(j.Problem(self, r, $"{Name(r)}'s last catch-up update failed ({r.LastCatchUpResult})."))
                : None);

        public static readonly ProblemKind StaleStandby = Region(nameof(StaleStandby), ProblemSeverity.Warning, StandbyLag,
            "the standby's data was last processed before its catch-up was last due (plus -CatchUpGraceMinutes). Its freshness is the "
            + "start of its newest update that completed (it processed what there was when it started), or the end of one stopped "
                + "after running (a demotion), so a clean switch is never stale.",
            "Run Invoke-DltDrCatchUp.",
            (j, r, self) => Judgement.Known(r) && r.Role == RegionRole.Standby && r.CatchUpPaused == false
                && j.StaleSince(r) is string stale
                ? One(j.Problem(self, r, stale))
                : None);

        public static readonly ProblemKind SettingsDrift = Region(nameof(SettingsDrift), ProblemSeverity.Warning, Settings,
            "a pipeline's settings differ from the definition; the message lists each differing path with the workspace's and the "
            + "definition's values ($status.Primary.Drift).",
            "Run Publish-DltDrPipeline.",
            (j, r, self) => Judgement.Known(r) && r.Drift.Count > 0
                ? One(j.Problem(self, r,
                    $"{Name(r)}'s pipeline differs from the definition: {string.Join("; ", r.Drift.Select(d => d.ToString()))}. "
                    + $"Run {NextStep.Publish(j.Pair.Name)} to put it back."))
                : None);

        // ---- the pair --------------------------------------------------------------------------

        public static readonly ProblemKind PendingDemotion = Pair(nameof(PendingDemotion), ProblemSeverity.Error, Roles,
            "a switch did not finish demoting this region. With BothActive, it is the region promoted earlier (an unplanned failover "
            + "left it running). Without, it is triggered but still runs the update it had before the other region's promotion (its stop "
            + "was lost), or its catch-up job is still paused (the resume was lost), so it is not caught up; then it fails the "
                + "CatchUpJob check too.",
            "Run Set-DltDrActiveRegion for the region promoted last, as the message says (or for this one, to go back).",
            (j, self) => j.UnfinishedDemotions(self));

        public static readonly ProblemKind StandbyLagging = Pair(nameof(StandbyLagging), ProblemSeverity.Warning, StandbyLag,
            "with -MaxStandbyLag, the standby is further behind the active region than allowed; StandbyLag on the status is the backlog a "
            + "failover would start from.",
            "Run Invoke-DltDrCatchUp, or schedule the catch-up more often.",
            (j, self) => j.Lag is TimeSpan lag && j.Options.MaxStandbyLag is TimeSpan max && lag > max
                ? One(j.Problem(self, j.Standby, $"{Name(j.Standby!)} is {Describe(lag)} behind the active region, more than the "
                    + $"{Describe(max)} allowed. Run {NextStep.CatchUp(j.Pair.Name)}."))
                : None);

        public static readonly ProblemKind StandbyLagPastObjective = Pair(nameof(StandbyLagPastObjective), ProblemSeverity.Error,
            StandbyLag,
            "the standby is further behind the active region than the pair's standby lag objective (its recovery point objective, "
            + "set in the pair's or its group's objectives): a failover now would lose more than was promised. The message says by "
            + "how much.",
            "Run Invoke-DltDrCatchUp now, and schedule the catch-up more often than the objective.",
            (j, self) => j.Lag is TimeSpan lag && j.Pair.Objectives.StandbyLag is TimeSpan objective && lag > objective
                ? One(j.Problem(self, j.Standby, $"{Name(j.Standby!)} is {Objectives.Describe(lag)} behind the active region, "
                    + $"{Objectives.Describe(lag - objective)} past the standby lag objective of {Objectives.Describe(objective)} "
                    + $"(set by {j.Pair.Objectives.StandbyLagFrom}). Run {NextStep.CatchUp(j.Pair.Name)}."))
                : None);

        public static readonly ProblemKind BothActive = Pair(nameof(BothActive), ProblemSeverity.Error, Roles,
            "both pipelines are continuous, so both regions process.",
            "Run Set-DltDrActiveRegion for the region that should stay active; it demotes the other.",
            (j, self) => j.Active != ActiveRegion.Both ? None : j.BothActive(self));

        public static readonly ProblemKind NoneActive = Pair(nameof(NoneActive), ProblemSeverity.Error, Roles,
            "neither pipeline is continuous.",
            "Run Set-DltDrActiveRegion for the region to run.",
            (j, self) => j.Active == ActiveRegion.None
                ? One(j.Problem(self, null, "Neither pipeline is continuous: no region is processing.")) : None);

        // ---- the account failover group the pair's group follows ----------------------------------

        public static readonly ProblemKind FailoverGroupDisagrees = Pair(nameof(FailoverGroupDisagrees), ProblemSeverity.Error, Roles,
            "the account failover group the pair's group follows (failoverGroup in its group file) has its effective primary "
            + "region where the pair is standby: Databricks' managed DR moved the data and workspace assets, not the pipelines, "
            + "so the active pipeline writes where the tables are now replicas.",
            "Run Set-DltDrActiveRegion for the region the failover group's primary is in (for the whole -Group), or fail the "
            + "failover group back.",
            (j, self) => j.FailoverGroupDisagreement(self));

        public static readonly ProblemKind FailoverGroupNotActive = Pair(nameof(FailoverGroupNotActive), ProblemSeverity.Error, Roles,
            "the failover group the pair's group follows is not ACTIVE: it is failing over (no pipeline should move meanwhile), or "
            + "its failover failed.",
            "Wait until it is ACTIVE and run Get-DltDrStatus again; for FAILOVER_FAILED, see the account console and fail it over "
            + "again or back.",
            (j, self) => j.FailoverGroupNotActive(self));

        public static readonly ProblemKind FailoverGroupReplicationBehind = Pair(nameof(FailoverGroupReplicationBehind),
            ProblemSeverity.Error, StandbyLag,
            "the failover group's replication point is further behind than the pair's standby lag objective: a failover now would "
            + "lose more data than was promised, whatever the pipelines do.",
            "Find why replication is behind (the account console, the primary region's health); the pipelines cannot make it up.",
            (j, self) => j.FailoverGroupReplicationBehind(self));

        public static readonly ProblemKind FailoverGroupMissesPair = Pair(nameof(FailoverGroupMissesPair), ProblemSeverity.Error, Roles,
            "the pair's two workspaces (their ids as they answer) are not both in one workspace set of the failover group its group "
            + "follows: the platform's failover does not move this pair's data and assets.",
            "Add the pair's workspaces to one workspace set of the failover group, or take the pair out of that group.",
            (j, self) => j.FailoverGroupMissesPair(self));

        public static readonly ProblemKind FailoverGroupReplicatesCatalog = Pair(nameof(FailoverGroupReplicatesCatalog),
            ProblemSeverity.Error, CatchUpJob,
            "the catalog the pair's standby pipeline writes to is one the failover group replicates: in the standby region it is a "
            + "read-only replica, so the standby's catch-up cannot write to it (DltDr does not change the catalog itself).",
            "Give the standby region a catalog of its own (regions.<region>.overrides.catalog) and run Publish-DltDrPipeline, or "
            + "leave that catalog out of the failover group's replication.",
            (j, self) => j.FailoverGroupReplicatesCatalog(self));

        public static readonly ProblemKind FailoverGroupUnreadable = Pair(nameof(FailoverGroupUnreadable), ProblemSeverity.Warning,
            Reachable,
            "the failover group the pair's group follows could not be read from the account host (or names a region the group "
            + "file does not), so whether they agree is not known.",
            "Check failoverGroup in the group file (account host, accountId, id, regions) and the account-level credentials "
            + "(-Token with an Azure or OAuth token: a workspace's personal access token is refused there).",
            (j, self) => j.FailoverGroupUnread(self));

        /// <summary>Every kind of problem, in the order status reports them (within each region, then for the pair).</summary>
        public static IReadOnlyList<ProblemKind> All => Table;

        /// <summary>The kind with this code.</summary>
        public static ProblemKind Of(string code) => Table.First(k => k.Code == code);

        /// <summary>Every problem the rules find: each region's in turn (primary first), then the pair's.</summary>
        internal static IReadOnlyList<StatusProblem> Apply(Judgement j)
            => j.Regions.SelectMany(r
                => RegionRules.SelectMany(rule => rule.Rule(j, r, rule.Kind))).Concat(PairRules.SelectMany(rule
                    => rule.Rule(j, rule.Kind))).ToList();

        private static ProblemKind Region(string code, ProblemSeverity severity, string check, string help, string action, RegionRule rule)
        {
            var kind = new ProblemKind(code, severity, check, help, action);
            Table.Add(kind);
            RegionRules.Add((kind, rule));
            return kind;
        }

        private static ProblemKind Pair(string code, ProblemSeverity severity, string check, string help, string action, PairRule rule)
        {
            var kind = new ProblemKind(code, severity, check, help, action);
            Table.Add(kind);
            PairRules.Add((kind, rule));
            return kind;
        }

        private static IEnumerable<StatusProblem> One(StatusProblem p) => new[] { p };

        internal static string Name(RegionStatus r) => Regions.Name(r.Region);

        internal static string Describe(TimeSpan t)
            => t.TotalDays >= 1 ? $"{t.TotalDays:0.#} days" : t.TotalHours >= 1 ? $"{t.TotalHours:0.#} hours"
                : $"{Math.Max(t.TotalMinutes, 0):0} minutes";
    }
}
