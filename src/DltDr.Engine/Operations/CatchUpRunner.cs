using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Engine.Time;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Runs the standby region's catch-up now, through its job, with an idempotency token so a
    /// retry never starts two runs; optionally follows it until it ends. Refuses the active region.
    /// </summary>
    public sealed class CatchUpRunner
    {
        private readonly PairDefinition _pair;
        private readonly DrSession _session;
        private readonly Polling _polling;

        /// <summary>How long a catch-up DltDr started counts as the one a rerun of the command asks for.</summary>
        public static readonly TimeSpan RerunWindow = TimeSpan.FromMinutes(10);

        public CatchUpRunner(PairDefinition pair, DrSession session)
        {
            _pair = pair;
            _session = session;
            _polling = session.Options.Polling;
        }

        /// <param name="region">The region to catch up; the standby one when null.</param>
        /// <param name="wait">How long to follow the run; null returns once it started.</param>
        /// <param name="progress">Receives a line each time the run or its update moves.</param>
        public async Task<CatchUpResult> RunAsync(Region? region, bool fullRefresh, TimeSpan? wait, IProgress<string>? progress,
            CancellationToken cancel)
        {
            var target = await ChooseAsync(region, cancel).ConfigureAwait(false);
            var client = _session.For(_pair, target.Region);
            var jobId = target.CatchUpJobId
                ?? throw new DrOperationException(DrRefusal.NotPublished,
                    $"{Label(target.Region)} has no catch-up job. Run {NextStep.Publish(_pair.Name)}.", next: NextStep.Publish(_pair.Name));

            // Follow a run that is already going rather than queue another one.
            var recent = await client.Jobs.ListRunsAsync(jobId, activeOnly: false, limit: JobsService.MaxRunsListed,
                cancel).ConfigureAwait(false);
            var active = recent.FirstOrDefault(r => !r.IsTerminal);
            long runId;
            var already = active != null;
            var finished = false;
            if (active != null)
            {
                runId = active.RunId;
                progress?.Report($"{Label(target.Region)}: catch-up run {runId} is already running; following it");
            }
            else
            {
                // The token names the newest run before this catch-up: repeating the command (or the
                // transport repeating the call) answers the same run. One-time runs of the last
                // minutes do not count, so a rerun after an answer was lost finds the run its earlier
                // invocation started even once that run has ended.
                var now = client.Transport.ServiceNow ?? _session.Clock.UtcNow;
                var before = recent.FirstOrDefault(r
                    => !(r.Trigger == "ONE_TIME" && r.StartTime is long t
                        && now - DateTimeOffset.FromUnixTimeMilliseconds(t) < RerunWindow));
                var token = $"dltdr-catchup-{jobId}-after-{before?.RunId ?? 0}";
                (runId, _) = await client.Jobs.RunNowAsync(jobId, token, fullRefresh ? true : (bool?)null, cancel).ConfigureAwait(false);
                // The token answered a run an earlier invocation started. Ended without success, this
                // rerun asks for another: the next token names that run, as idempotent as the first.
                for (var earlier = recent.FirstOrDefault(r => r.RunId == runId); earlier != null && earlier.IsTerminal
                    && earlier.State?.ResultState != RunStates.Success; earlier = recent.FirstOrDefault(r => r.RunId == runId))
                {
                    progress?.Report($"{Label(target.Region)}: catch-up run {runId} of an earlier invocation ended "
                        + $"{earlier.State?.ResultState ?? earlier.State?.LifeCycleState}; starting another");
                    (runId, _) = await client.Jobs.RunNowAsync(jobId, $"dltdr-catchup-{jobId}-after-{runId}",
                        fullRefresh ? true : (bool?)null, cancel).ConfigureAwait(false);
                }
                var found = recent.FirstOrDefault(r => r.RunId == runId);
                already = found != null && !found.IsTerminal;
                finished = found != null && found.IsTerminal;
                progress?.Report(finished
                    ? $"{Label(target.Region)}: catch-up run {runId}, started by an earlier invocation, already succeeded; no new "
                        + $"run started"
                    : already
                    ? $"{Label(target.Region)}: catch-up run {runId} was started by an earlier invocation; following it"
                    : $"{Label(target.Region)}: started catch-up run {runId}{(fullRefresh ? " (full refresh)" : string.Empty)}");
            }

            var result = new CatchUpResult(_pair, target.Region, jobId, runId) { AlreadyRunning = already, AlreadySucceeded = finished };
            Run? run = null;
            string? updateId = null;
            bool done;
            string last;
            try
            {
                run = await client.Jobs.GetRunAsync(runId, cancel).ConfigureAwait(false);
                Fill(result, run);
                if (wait == null) return result;
                (done, last) = await _polling.UntilAsync(async token =>
                {
                    var r = await client.Jobs.GetRunAsync(runId, token).ConfigureAwait(false);
                    var update = target.PipelineId == null ? null
                        : (await client.Pipelines.GetAsync(target.PipelineId, token).ConfigureAwait(false)).LatestUpdates?.FirstOrDefault();
                    if (update?.UpdateId != null) updateId = update.UpdateId;
                    run = r;
                    return (r.IsTerminal, $"run {r.State?.LifeCycleState}" + (update != null ? $", update {update.State}" : string.Empty));
                }, wait.Value, seen => progress?.Report($"{Label(target.Region)}: {seen}"), cancel).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.IsUnreachable)
            {
                throw LostAfterStart(target.Region, runId, run, wait != null, ex);
            }
            if (updateId != null) result.UpdateId = updateId;
            if (!done)
            {
                throw new DrOperationException(DrRefusal.Timeout,
                    $"{Label(target.Region)}: catch-up run {runId} did not finish within {wait.Value.TotalMinutes:0.#} minutes "
                        + $"({last}); it goes on running ({run.RunPageUrl}).");
            }
            Fill(result, run);
            return result;
        }

        /// <summary>
        /// The region stopped answering after the catch-up run was started (while it was read or
        /// followed): the run may well still be going there. Says which pair and region, how it was
        /// lost, and what to do.
        /// </summary>
        private RegionLostException LostAfterStart(Region region, long runId, Run? run, bool following, DatabricksApiException ex)
        {
            var how = ex.IsTimeout
                ? $"it gave no answer within {_session.Options.RegionTimeout.TotalSeconds:0} s (raise -RegionTimeoutSec if it is only slow)"
                : "it refused the connection or its name did not resolve (check that it is up and its host right)";
            var follow = $"{NextStep.CatchUp(_pair.Name)} -Wait";
            var seen = run?.State?.LifeCycleState is string state ? $"{state} when last seen" : "its state not read";
            var message = $"{Label(region)} was lost {(following ? "while" : "after")} catch-up run {runId} was "
                + $"{(following ? "followed" : "started")}: {how}. The run was started ({seen}) and may still be going in the "
                + "workspace: once "
                + $"{Regions.Name(region)} answers, run {follow} within {RerunWindow.TotalMinutes:0} minutes to follow it (it "
                + $"starts no second one), or {NextStep.Status(_pair.Name)} to see the standby.";
            return new RegionLostException(message, ex);
        }

        /// <summary>The region to catch up: the one asked for, unless it is active; else the one standby region.</summary>
        private async Task<RegionStatus> ChooseAsync(Region? region, CancellationToken cancel)
        {
            var reads = await RegionReader.ReadBothAsync(r => RegionReader.LocateAsync(_pair, r, _session, cancel)).ConfigureAwait(false);
            var status = StatusReader.Judge(_pair, reads[0].Status, reads[1].Status, new StatusOptions(), _session.Clock.UtcNow);
            if (region != null)
            {
                var r = status[region.Value];
                if (r.Error != null) throw r.Unreadable(Label(r.Region), "so it cannot be caught up");
                if (r.PipelineId == null) throw
                    new DrOperationException(DrRefusal.NotPublished,
                        $"{Label(r.Region)} has no pipeline of pair '{_pair.Name}'. Run {NextStep.Publish(_pair.Name)}.",
                            next: NextStep.Publish(_pair.Name));
                if (r.Role == RegionRole.Active)
                    throw new DrOperationException(DrRefusal.CatchUpOnActiveRegion,
                        $"{Label(r.Region)} is the active region of pair '{_pair.Name}': it runs continuously and needs no catch-up. "
                            + $"Catch-up runs in the standby region.");
                return r;
            }
            // Credentials or rights refused say nothing about the roles: name them, not a missing standby.
            var refused = new[] { status.Primary,
                status.Secondary }.FirstOrDefault(r => r.Failure == RegionFailure.AuthenticationFailed
                    || r.Failure == RegionFailure.CredentialsUnavailable || r.Failure == RegionFailure.PermissionDenied);
            if (refused != null) throw refused.Unreadable(Label(refused.Region), "so the standby region cannot be told");
            switch (status.ActiveRegion)
            {
                case ActiveRegion.Primary when status.Secondary.PipelineId != null:
                    return status.Secondary;
                case ActiveRegion.Secondary when status.Primary.PipelineId != null:
                    return status.Primary;
                default:
                    var why = string.Join(" ", status.Problems.Select(p => p.Message));
                    throw new DrOperationException(DrRefusal.NoStandbyRegion,
                        $"Pair '{_pair.Name}' has no clear standby region (active: {status.ActiveRegion}). {why}".TrimEnd());
            }
        }

        private static void Fill(CatchUpResult result, Run run)
        {
            result.State = run.State?.LifeCycleState;
            result.Result = run.State?.ResultState;
            result.Message = string.IsNullOrEmpty(run.State?.StateMessage) ? null : run.State!.StateMessage;
            result.RunPageUrl = run.RunPageUrl;
            result.Started = run.StartTime is long s && s > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(s) : (DateTimeOffset?)null;
            result.Ended = run.EndTime is long e && e > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(e) : (DateTimeOffset?)null;
        }

        private string Label(Region region) => Regions.Label(_pair.Name, region);
    }
}
