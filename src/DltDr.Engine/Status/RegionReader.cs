using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// Reads one region of a pair at one of three depths, with as few calls as the answer allows:
    /// what a switch decides on (the pipeline's settings and the catch-up job as the workspace lists
    /// it: one get of the pipeline, the listings shared by the command's pairs), everything status
    /// shows (the same, and the event log only when the pipeline's own latest updates cannot say how
    /// fresh it is), or the pipeline again after a switch (one get). A failure becomes the region's
    /// status, named by why.
    /// </summary>
    public static class RegionReader
    {
        /// <summary>Both regions at once, each through <paramref name="read"/>; answers primary first.</summary>
        public static async Task<(RegionStatus Status, RegionState? State)[]> ReadBothAsync(
            Func<Region, Task<(RegionStatus Status, RegionState? State)>> read)
            => await Task.WhenAll(Regions.Both.Select(read)).ConfigureAwait(false);

        /// <summary>The region's pipeline settings and catch-up job, found by marker: what a switch decides on.</summary>
        public static Task<(RegionStatus Status, RegionState? State)> LocateAsync(PairDefinition pair, Region region, DrSession session,
            CancellationToken cancel)
            => GuardedAsync(pair, region, session, cancel, (c, status, token) => FindAsync(pair, region, c, status, token));

        /// <summary>Everything status shows: settings, catch-up job, role, freshness, the latest update and its error.</summary>
        public static Task<(RegionStatus Status, RegionState? State)> ReadAsync(PairDefinition pair, Region region, DrSession session,
            CancellationToken cancel)
            => GuardedAsync(pair, region, session, cancel, async (c, status, token) =>
            {
                var state = await FindAsync(pair, region, c, status, token).ConfigureAwait(false);
                await FreshnessAsync(c, state, status, token).ConfigureAwait(false);
                return state;
            });

        /// <summary>
        /// The region's pipeline read again after a switch (one get); its catch-up job is taken as
        /// the switch left it (<paramref name="job"/>), or, with <paramref name="readJob"/>, read again
        /// by its id too (a second get, beside the first): reads that see what someone else changed
        /// meanwhile, unlike the listings a command shares.
        /// </summary>
        public static Task<(RegionStatus Status, RegionState? State)> SettleAsync(PairDefinition pair, Region region, DrSession session,
            RegionState known, Job? job, CancellationToken cancel, bool readJob = false)
            => GuardedAsync(pair, region, session, cancel, async (c, status, token) =>
            {
                var id = known.Pipeline?.PipelineId;
                var jobId = (job ?? known.Job)?.JobId;
                var jobRead = readJob && jobId != null ? c.Jobs.GetAsync(jobId.Value, token) : Task.FromResult(job);
                var pipeline = id == null ? null : await GetPipelineAsync(c, id, token).ConfigureAwait(false);
                var state = new RegionState(pipeline, await jobRead.ConfigureAwait(false));
                Describe(pair, region, state, status);
                Freshness(c, state, status, null);
                return state;
            });

        /// <summary>
        /// Reads the region; a failure becomes the region's status, named by why. A region that does
        /// not answer is bounded by the transport: each call's timeout is the region's, and once the
        /// host has been silent that long it is judged hung for the rest of the command, so a hung
        /// region costs one timeout, while a read waiting its turn under the request limits behind
        /// hundreds of pairs is not cut off.
        /// </summary>
        private static async Task<(RegionStatus Status, RegionState? State)> GuardedAsync(PairDefinition pair, Region region,
            DrSession session, CancellationToken cancel,
            Func<WorkspaceClient, RegionStatus, CancellationToken, Task<RegionState>> read)
        {
            var status = new RegionStatus(region, pair[region].Host);
            try
            {
                var c = session.For(pair, region);
                var state = await read(c, status, cancel).ConfigureAwait(false);
                status.Reachable = true;
                status.ServiceNow = c.Transport.ServiceNow;
                status.WorkspaceId = c.Transport.WorkspaceId;
                status.ClockSkew = status.ServiceNow - session.Clock.UtcNow;
                return (status, state);
            }
            catch (DatabricksApiException ex) when (ex.IsTimeout)
            {
                Fail(status, RegionFailure.Unreachable, $"no answer within {session.Options.RegionTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception ex) when (ex is DatabricksApiException || ex is CredentialException || ex is PublishConflictException)
            {
                Fail(status, FailureOf(ex), ex.Message);
                // Refused by a token endpoint of its own (OAuth M2M's /oidc): the workspace itself answered.
                if (ex is CredentialException c && c.RefusedBy != null) status.Reachable = SameHost(c.RefusedBy, status.Host);
            }
            return (status, null);
        }

        /// <summary>The pair's pipeline and job found by marker, described into <paramref name="status"/>.</summary>
        private static async Task<RegionState> FindAsync(PairDefinition pair, Region region, WorkspaceClient c, RegionStatus status,
            CancellationToken cancel)
        {
            var state = await
                new PairLocator(pair, region, c).FindAsync(Ownership.MarkedOnly, cancel, wholeJob: false).ConfigureAwait(false);
            Describe(pair, region, state, status);
            return state;
        }

        /// <summary>What kind of failure an exception of a region's read is.</summary>
        public static RegionFailure FailureOf(Exception ex) => ex switch
        {
            CredentialException c when c.Refused => RegionFailure.AuthenticationFailed,
            CredentialException _ => RegionFailure.CredentialsUnavailable,
            DatabricksApiException api when api.IsUnreachable => RegionFailure.Unreachable,
            DatabricksApiException api when api.IsAuthenticationFailure => RegionFailure.AuthenticationFailed,
            DatabricksApiException api when api.IsPermissionDenied => RegionFailure.PermissionDenied,
            _ => RegionFailure.Error,
        };

        private static bool SameHost(Uri endpoint, string host)
            => string.Equals(endpoint.GetLeftPart(UriPartial.Authority), host, StringComparison.OrdinalIgnoreCase);

        private static void Fail(RegionStatus status, RegionFailure failure, string error)
        {
            status.Failure = failure;
            // Reachable means it answered: a workspace never asked (no credentials to ask with) did not.
            status.Reachable = failure != RegionFailure.Unreachable && failure != RegionFailure.CredentialsUnavailable;
            status.Error = error;
        }

        private static async Task<PipelineInfo?> GetPipelineAsync(WorkspaceClient c, string id, CancellationToken cancel)
        {
            try
            {
                return await c.Pipelines.GetAsync(id, cancel).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.IsNotFound)
            {
                return null;
            }
        }

        /// <summary>The region's role and settings as its pipeline and job say.</summary>
        private static void Describe(PairDefinition pair, Region region, RegionState state, RegionStatus s)
        {
            var p = state.Pipeline;
            if (p != null)
            {
                var continuous = p.Spec?.Continuous == true;
                s.Role = continuous ? RegionRole.Active : RegionRole.Standby;
                s.Mode = continuous ? "Continuous" : "Triggered";
                s.PipelineId = p.PipelineId;
                s.PipelineState = p.State;
                s.Health = p.Health;
                var latest = p.LatestUpdates?.FirstOrDefault();
                s.LatestUpdateId = latest?.UpdateId;
                s.LatestUpdateState = latest?.State;
                s.LatestUpdateTime = Markers.ParseTime(latest?.CreationTime);
                s.LatestUpdateCause = p.Cause;
                s.PromotedAt = Markers.PromotedAt(p.Spec);
                var desired = DesiredState.Pipeline(pair, region, continuous);
                var drift = SettingsDiff.Pipeline(desired, ApiJson.Write(p.Spec ?? new PipelineSettings()));
                // An adopted pipeline carries no marker until an edit made anyway adds it: not drift.
                s.Drift = Markers.IsAdopted(p, state.Job) ? drift.Where(c => !Markers.IsMarkerOnly(c)).ToList() : drift;
            }
            var job = state.Job;
            if (job?.Settings != null)
            {
                s.CatchUpJobId = job.JobId;
                var sched = job.Settings.Schedule;
                if (sched != null)
                {
                    s.CatchUpSchedule = $"{sched.QuartzCronExpression} ({sched.TimezoneId})";
                    s.CatchUpPaused = sched.PauseStatus == CronSchedule.Paused;
                }
            }
        }

        /// <summary>
        /// How fresh the region is, from the pipeline's own latest updates where they say it: a
        /// continuous update running means fresh now; a triggered update that completed processed
        /// the data there was when it started, so its start is when the data is fresh as of. A
        /// canceled update that DltDr's demotion stopped ran until the demotion, which its
        /// dltdr-demoted-at tag dates. Only when the newest ended update failed, or was canceled
        /// otherwise, is the event log read, for the end of the update that was stopped and the error
        /// of the one that failed: one more call, then and only then.
        /// </summary>
        private static async Task FreshnessAsync(WorkspaceClient c, RegionState state, RegionStatus s, CancellationToken cancel)
        {
            var pid = state.Pipeline?.PipelineId;
            var ended = state.Pipeline?.LatestUpdates?.FirstOrDefault(u => UpdateStates.IsEnded(u.State));
            var needEvents = pid != null && !RunsContinuously(state) && ended != null && ended.State != UpdateStates.Completed
                && Demotion(state) == null;
            var events = needEvents
                ? await c.Pipelines.ListEventsAsync(pid!, filter: null, UpdateProgress.EventsRead, cancel).ConfigureAwait(false) : null;
            Freshness(c, state, s, events);
        }

        /// <summary>
        /// When DltDr demoted the pipeline, if that is what stopped its newest ended update (canceled,
        /// and started before the demotion); null otherwise.
        /// </summary>
        private static DateTimeOffset? Demotion(RegionState state)
        {
            var ended = state.Pipeline?.LatestUpdates?.FirstOrDefault(u => UpdateStates.IsEnded(u.State));
            return ended?.State == UpdateStates.Canceled && Markers.DemotedAt(state.Pipeline!.Spec) is DateTimeOffset demoted
                && Markers.ParseTime(ended.CreationTime) is DateTimeOffset started && demoted >= started ? demoted : (DateTimeOffset?)null;
        }

        private static bool RunsContinuously(RegionState state)
            => state.Pipeline?.Spec?.Continuous == true && state.Pipeline.LatestUpdates?.FirstOrDefault()?.State == UpdateStates.Running;

        /// <summary>
        /// Freshness, the latest update's error and the catch-up's last outcome, from the latest updates and, when read, the events.
        /// </summary>
        private static void Freshness(WorkspaceClient c, RegionState state, RegionStatus s, IReadOnlyList<PipelineEvent>? events)
        {
            var p = state.Pipeline;
            var continuous = p?.Spec?.Continuous == true;
            var latest = p?.LatestUpdates ?? new List<UpdateStateInfo>();
            var good = latest.FirstOrDefault(u => u.State == UpdateStates.Completed || (continuous && u.State == UpdateStates.Running));
            s.LastSuccessfulUpdate = Markers.ParseTime(good?.CreationTime);
            var progress = new UpdateProgress(events ?? Array.Empty<PipelineEvent>(), latest);
            // Running: now; stopped by DltDr's demotion: then; else the newest completed update's start, or what the events say.
            s.FreshAsOf = RunsContinuously(state) ? c.Transport.ServiceNow : Demotion(state) ?? progress.FreshAsOf();
            var newest = latest.FirstOrDefault();
            if (newest?.State == UpdateStates.Failed && newest.UpdateId != null) s.LatestUpdateError = progress.FailureOf(newest.UpdateId);
            // The catch-up's last outcome: the newest update, when the job started it.
            if (state.Job?.Settings == null || newest == null || p!.Cause != UpdateCauses.JobTask) return;
            s.LastCatchUpRun = Markers.ParseTime(newest.CreationTime);
            s.LastCatchUpResult = newest.State;
            s.LastCatchUpFailed = newest.State == UpdateStates.Failed;
        }
    }
}
