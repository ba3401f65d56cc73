using System;
using System.Collections.Generic;
using DltDr.Engine.Output;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Status
{
    /// <summary>One region of a pair as read from its workspace.</summary>
    public sealed class RegionStatus
    {
        public RegionStatus(Region region, Uri host)
        {
            Region = region;
            Host = host.GetLeftPart(UriPartial.Authority);
        }

        public Region Region { get; }
        public string Host { get; }
        public bool Reachable { get; internal set; }

        /// <summary>Why the region could not be read, when it could not.</summary>
        public string? Error { get; internal set; }

        /// <summary>What kind of failure <see cref="Error"/> is: the network, the credentials, the rights or the service.</summary>
        public RegionFailure Failure { get; internal set; }

        public RegionRole Role { get; internal set; }

        /// <summary>Continuous or Triggered (the pipeline's <c>continuous</c> flag).</summary>
        public string? Mode { get; internal set; }

        public string? PipelineId { get; internal set; }
        public string? PipelineState { get; internal set; }
        public string? Health { get; internal set; }
        public string? LatestUpdateId { get; internal set; }
        public string? LatestUpdateState { get; internal set; }
        public DateTimeOffset? LatestUpdateTime { get; internal set; }

        /// <summary>Why the pipeline's latest update started (JOB_TASK for a catch-up, API_CALL, ...), as the service says.</summary>
        public string? LatestUpdateCause { get; internal set; }

        /// <summary>
        /// When the region's data was last processed: now for a continuous update that runs; else the
        /// start of its newest update that completed (it processed what there was when it started),
        /// or the end of its newest update canceled after it ran (a demotion), whichever is newer.
        /// </summary>
        public DateTimeOffset? FreshAsOf { get; internal set; }

        /// <summary>The failed update's error from the event log, when the latest update failed.</summary>
        public string? LatestUpdateError { get; internal set; }

        /// <summary>When the newest update that completed (or, for a continuous pipeline, is running) started.</summary>
        public DateTimeOffset? LastSuccessfulUpdate { get; internal set; }

        public long? CatchUpJobId { get; internal set; }
        public string? CatchUpSchedule { get; internal set; }
        public bool? CatchUpPaused { get; internal set; }
        /// <summary>When the newest update started, when the catch-up job started it (its cause is JOB_TASK).</summary>
        public DateTimeOffset? LastCatchUpRun { get; internal set; }

        /// <summary>That update's state: COMPLETED, FAILED, CANCELED, or RUNNING and the like while it runs.</summary>
        public string? LastCatchUpResult { get; internal set; }

        /// <summary>When DltDr last promoted this region (its failover marker), if it did.</summary>
        public DateTimeOffset? PromotedAt { get; internal set; }

        /// <summary>Settings that differ from the pair definition.</summary>
        public IReadOnlyList<FieldChange> Drift { get; internal set; } = Array.Empty<FieldChange>();

        /// <summary>True when the newest update, started by the catch-up job, failed.</summary>
        public bool LastCatchUpFailed { get; internal set; }

        /// <summary>The service's clock when the region was read.</summary>
        internal DateTimeOffset? ServiceNow { get; set; }

        /// <summary>The workspace's id, from its answers (X-Databricks-Org-Id); null when it did not answer.</summary>
        public string? WorkspaceId { get; internal set; }

        /// <summary>
        /// How far the workspace's clock is ahead of this machine's (negative: behind), as its answers dated them when it was
        /// read; to within a second or two (the Date header's resolution and the round trip).
        /// </summary>
        public TimeSpan? ClockSkew { get; internal set; }

        /// <summary>
        /// The refusal for this region when it could not be read, named by why: its credentials
        /// (AuthenticationFailed), its rights (PermissionDenied), or the network (TargetUnreachable).
        /// </summary>
        internal DrOperationException Unreadable(string label, string consequence) => Failure switch
        {
            RegionFailure.AuthenticationFailed
                => new DrOperationException(DrRefusal.AuthenticationFailed,
                    $"{label} ({Host}) refused the credentials, {consequence}: {Error}"),
            RegionFailure.CredentialsUnavailable
                => new DrOperationException(DrRefusal.AuthenticationFailed,
                    $"{label} ({Host}): no credentials could be had, so it was not asked, {consequence}: {Error}"),
            RegionFailure.PermissionDenied
                => new DrOperationException(DrRefusal.PermissionDenied,
                    $"{label} ({Host}) denied the rights on the pair, {consequence}: {Error}"),
            _ => new DrOperationException(DrRefusal.TargetUnreachable, $"{label} ({Host}) cannot be reached, {consequence}: {Error}"),
        };

        /// <summary>A word or two for a table column: the pipeline's state, or why there is none.</summary>
        public string State => Failure switch
        {
            RegionFailure.Unreachable => "unreachable",
            RegionFailure.CredentialsUnavailable => "no creds",
            RegionFailure.AuthenticationFailed => "auth refused",
            RegionFailure.PermissionDenied => "denied",
            RegionFailure.Error => "read error",
            _ => PipelineId == null ? "not deployed" : PipelineState ?? "unknown",
        };

        /// <summary>One line an operator can read: role, mode and state, or why the region could not be read.</summary>
        public override string ToString()
        {
            if (Failure == RegionFailure.AuthenticationFailed) return $"{Region}: credentials refused ({Error})";
            if (Failure == RegionFailure.CredentialsUnavailable) return $"{Region}: credentials unavailable ({Error})";
            if (Failure == RegionFailure.PermissionDenied) return $"{Region}: permission denied ({Error})";
            if (Failure == RegionFailure.Error) return $"{Region}: could not be read ({Error})";
            if (!Reachable) return $"{Region}: unreachable ({Error})";
            if (PipelineId == null) return $"{Region}: not deployed";
            var catchUp = CatchUpPaused == null ? "no catch-up job" : CatchUpPaused.Value ? "catch-up paused" : "catch-up scheduled";
            return $"{Region}: {Role}, {Mode} {PipelineState}, {catchUp}";
        }
    }
}
