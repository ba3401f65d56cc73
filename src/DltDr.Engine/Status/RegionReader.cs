using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Threading;
using System;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Databricks;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// Reads one region of a pair, bounded by one timeout, at one of three depths: what a decision
    /// needs (its pipeline's settings and catch-up job: two round trips), everything status shows
    /// (plus updates and runs, one more), or everything again by known ids (one parallel round).
    /// A region that says nothing within the bound is hung for the rest of the command.
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

        /// <summary>Everything status shows: settings, job, recent updates and runs.</summary>
        public static Task<(RegionStatus Status, RegionState? State)> ReadAsync(PairDefinition pair, Region region, DrSession session,
            CancellationToken cancel)
            => GuardedAsync(pair, region, session, cancel, async (c, status, token) =>
            {
                var state = await FindAsync(pair, region, c, status, token).ConfigureAwait(false);
                await HistoryAsync(c, state, status, token).ConfigureAwait(false);
                return state;
            });

        /// <summary>Everything status shows, by the ids found before: one parallel round of calls.</summary>
        public static Task<(RegionStatus Status, RegionState? State)> RereadAsync(PairDefinition pair, Region region, DrSession session,
            RegionState known, CancellationToken cancel)
            => GuardedAsync(pair, region, session, cancel, async (c, status, token) =>
            {
                var pipelineId = known.Pipeline?.PipelineId;
                var jobId = known.Job?.JobId;
                var pipeline = pipelineId == null ? Task.FromResult<PipelineInfo?>(null) : GetPipelineAsync(c, pipelineId, token);
                var job = jobId == null ? Task.FromResult<Job?>(null) : c.Jobs.GetAsync(jobId.Value, token);
                var events = pipelineId == null
                    ? Task.FromResult<IReadOnlyList<PipelineEvent>>(Array.Empty<PipelineEvent>())
                    : c.Pipelines.ListEventsAsync(pipelineId, UpdateProgress.Filter, 100, token);
                var runs = jobId == null
                    ? Task.FromResult<IReadOnlyList<Run>>(Array.Empty<Run>())
                    : c.Jobs.ListRunsAsync(jobId.Value, activeOnly: false, limit: 10, token);
                await Task.WhenAll(pipeline, job, events, runs).ConfigureAwait(false);
                var state = new RegionState(pipeline.Result, job.Result);
                Describe(pair, region, state, status);
                History(c, state, status, events.Result, runs.Result);
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
                return (status, state);
            }
            catch (DatabricksApiException ex) when (ex.IsTimeout)
            {
                Fail(status, RegionFailure.Unreachable, $"no answer within {session.Options.RegionTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception ex) when (ex is DatabricksApiException || ex is CredentialException || ex is PublishConflictException)
            {
                Fail(status, FailureOf(ex), ex.Message);
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
            CredentialException _ => RegionFailure.AuthenticationFailed,
            DatabricksApiException api when api.IsUnreachable => RegionFailure.Unreachable,
            DatabricksApiException api when api.IsAuthenticationFailure => RegionFailure.AuthenticationFailed,
            DatabricksApiException api when api.IsPermissionDenied => RegionFailure.PermissionDenied,
            _ => RegionFailure.Error,
        };

        private static void Fail(RegionStatus status, RegionFailure failure, string error)
        {
            status.Failure = failure;
            status.Reachable = failure != RegionFailure.Unreachable;
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
                s.Drift = SettingsDiff.Pipeline(desired, ApiJson.Write(p.Spec ?? new PipelineSettings()));
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
        /// How fresh the region is and how its catch-up goes. A continuous region that runs is fresh
        /// now and its job is paused, so nothing more is read. A standby reads its catch-up runs: when
        /// the newest ended update is a completed one that a successful run covers, that run's end is
        /// when its data was last processed, and that is all (two calls for the region, its pipeline
        /// included). Otherwise (an update failed, was canceled, or ran outside the job, as after a
        /// demotion) its update_progress events say when and why: one more call, only then. That is
        /// for a command over many pairs, where calls count against the request limits; for one
        /// pair, events and runs go out together, one round fewer.
        /// </summary>
        private static async Task HistoryAsync(WorkspaceClient c, RegionState state, RegionStatus s, CancellationToken cancel)
        {
            var pid = state.Pipeline?.PipelineId;
            if (pid == null || RunsContinuously(state))
            {
                History(c, state, s, Array.Empty<PipelineEvent>(), Array.Empty<Run>());
                return;
            }
            Task<IReadOnlyList<PipelineEvent>> Events() => c.Pipelines.ListEventsAsync(pid, UpdateProgress.Filter, 100, cancel);
            // One pair: a round matters more than a call, so the events go out with the runs.
            var eventsWithRuns = c.Catalog.Batched ? null : Events();
            var runs = state.Job?.Settings != null && state.Active == false
                ? await c.Jobs.ListRunsAsync(state.Job.JobId, activeOnly: false, limit: 10, cancel).ConfigureAwait(false)
                : Array.Empty<Run>();
            var fromRuns = FromRuns(state, runs);
            var events = eventsWithRuns != null ? await eventsWithRuns.ConfigureAwait(false)
                : fromRuns.NeedEvents ? await Events().ConfigureAwait(false)
                : null;
            History(c, state, s, events, runs, fromRuns.FreshAsOf);
        }

        /// <summary>
        /// When the region's data was last processed, as its pipeline's latest updates and catch-up
        /// runs say: the end of the successful run that covers the newest ended update, when that
        /// update completed; nothing when no update ended yet. The events must say otherwise: the
        /// newest ended update failed or was canceled, or no run covers it.
        /// </summary>
        private static (bool NeedEvents, DateTimeOffset? FreshAsOf) FromRuns(RegionState state, IReadOnlyList<Run> runs)
        {
            var latest = state.Pipeline?.LatestUpdates ?? new List<UpdateStateInfo>();
            if (latest.FirstOrDefault()?.State == UpdateStates.Failed) return (true, null);
            var ended = latest.FirstOrDefault(u => UpdateStates.IsEnded(u.State));
            if (ended == null) return (false, null);
            if (ended.State != UpdateStates.Completed || !(Markers.ParseTime(ended.CreationTime) is DateTimeOffset started)) return (true,
                null);
            var run = runs.FirstOrDefault(r => r.State?.ResultState == RunStates.Success && r.EndTime is long end && end > 0
                && DateTimeOffset.FromUnixTimeMilliseconds(end) >= started);
            return run == null ? (true, null) : (false, DateTimeOffset.FromUnixTimeMilliseconds(run.EndTime!.Value));
        }

        private static bool RunsContinuously(RegionState state)
            => state.Pipeline?.Spec?.Continuous == true && state.Pipeline.LatestUpdates?.FirstOrDefault()?.State == UpdateStates.Running;

        /// <summary>How fresh the region is and how its catch-up went, from its latest updates, events and runs.</summary>
        /// <param name="events">The update_progress events, or null when the latest updates and catch-up runs say when the data was last
        /// processed.</param>
        /// <param name="freshFromRuns">When the data was last processed as the runs say, used when there are no events.</param>
        private static void History(WorkspaceClient c, RegionState state, RegionStatus s, IReadOnlyList<PipelineEvent>? events,
            IReadOnlyList<Run> runs, DateTimeOffset? freshFromRuns = null)
        {
            var continuous = state.Pipeline?.Spec?.Continuous == true;
            var latest = state.Pipeline?.LatestUpdates ?? new List<UpdateStateInfo>();
            var good = latest.FirstOrDefault(u => u.State == UpdateStates.Completed || (continuous && u.State == UpdateStates.Running));
            s.LastSuccessfulUpdate = Markers.ParseTime(good?.CreationTime);
            var progress = new UpdateProgress(events ?? Array.Empty<PipelineEvent>());
            s.FreshAsOf = RunsContinuously(state) ? c.Transport.ServiceNow : events == null ? freshFromRuns : progress.LastProcessed();
            if (latest.FirstOrDefault() is UpdateStateInfo last && last.State == UpdateStates.Failed
                && last.UpdateId != null) s.LatestUpdateError = progress.FailureOf(last.UpdateId);
            if (state.Job?.Settings == null) return;
            var newest = runs.FirstOrDefault();
            if (newest != null)
            {
                s.LastCatchUpRun = newest.StartTime is long start ? DateTimeOffset.FromUnixTimeMilliseconds(start) : (DateTimeOffset?)null;
                s.LastCatchUpResult = newest.State?.ResultState ?? newest.State?.LifeCycleState;
            }
            var completed = runs.FirstOrDefault(r => r.IsTerminal && r.State?.ResultState != RunStates.Canceled
                && r.State?.LifeCycleState != RunStates.Skipped);
            s.LastCatchUpFailed = completed != null && RunStates.FailedResults.Contains(completed.State?.ResultState ?? string.Empty);
        }
    }
}
