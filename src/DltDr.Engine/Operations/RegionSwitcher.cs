using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;
using DltDr.Engine.Status;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Makes one region of a pair active and the other standby: read both regions, promote the
    /// target (continuous, catch-up paused), wait for RUNNING, then demote the other (triggered,
    /// update stopped and IDLE, catch-up running). Promote before demote, so the pair is never left
    /// with no active region; every step reads before it writes, so a rerun after any interruption
    /// converges and a rerun with nothing to do writes nothing. The whole failover is here.
    /// </summary>
    public sealed class RegionSwitcher
    {
        private static readonly string[] ActiveUpdateStates = { "QUEUED", "CREATED", "WAITING_FOR_RESOURCES", "INITIALIZING", "RESETTING", "SETTING_UP_TABLES", "RUNNING", "STOPPING" };
        private static readonly string[] StartingStates = { "QUEUED", "CREATED", "WAITING_FOR_RESOURCES", "INITIALIZING", "RESETTING", "SETTING_UP_TABLES" };
        private readonly PairDefinition _pair;
        private readonly Func<Region, WorkspaceClient> _clients;
        private readonly SwitchOptions _options;
        private readonly IProgress<string>? _progress;
        private readonly List<SwitchStep> _steps = new List<SwitchStep>();

        public RegionSwitcher(PairDefinition pair, Func<Region, WorkspaceClient> clients, SwitchOptions options, IProgress<string>? progress)
        {
            _pair = pair;
            _clients = clients;
            _options = options;
            _progress = progress;
        }

        public async Task<SwitchResult> SwitchAsync(Region target, CancellationToken cancel)
        {
            var clock = Stopwatch.StartNew();
            var other = target == Region.Primary ? Region.Secondary : Region.Primary;

            // 1. Read both regions at once, each bounded in time.
            var reads = await Timed(target, "Read both regions", async () =>
            {
                var both = await Task.WhenAll(
                    RegionReader.ReadAsync(_pair, target, () => _clients(target), _options.RegionTimeout, cancel),
                    RegionReader.ReadAsync(_pair, other, () => _clients(other), _options.RegionTimeout, cancel)).ConfigureAwait(false);
                return (both, $"{Name(target)} {Describe(both[0].Status)}, {Name(other)} {Describe(both[1].Status)}", false);
            }).ConfigureAwait(false);
            var (tStatus, tState) = reads[0];
            var (oStatus, oState) = reads[1];
            var before = StatusReader.Judge(_pair, target == Region.Primary ? tStatus : oStatus, target == Region.Primary ? oStatus : tStatus, new StatusOptions()).ActiveRegion;

            if (tStatus.Error != null) throw new DrOperationException(DrRefusal.TargetUnreachable, $"{Label(target)} ({tStatus.Host}) cannot be reached, so it cannot be made active: {tStatus.Error}");
            if (tState?.Pipeline == null || tState.Job == null) throw new DrOperationException(DrRefusal.NotPublished, $"{Label(target)} has no {(tState?.Pipeline == null ? "pipeline" : "catch-up job")} of pair '{_pair.Name}'. Run Publish-DltDrPipeline -Pair {_pair.Name}.");
            var otherReachable = oStatus.Error == null;
            if (!otherReachable && !_options.Unplanned)
            {
                throw new DrOperationException(DrRefusal.OtherRegionUnreachable,
                    $"{Label(other)} ({oStatus.Host}) cannot be reached: {oStatus.Error} A planned switch needs both regions. For an unplanned failover add -Unplanned: {Name(target)} is made active and {Name(other)} is reported pending demotion (it may still be running) until a later run demotes it.");
            }

            var result = new SwitchResult(_pair.Name, target, before, unplanned: !otherReachable, _steps);
            var targetClient = _clients(target);

            // 2. Promote the target: continuous (the service starts it) and its catch-up paused.
            var (promotedAt, pipeline) = await PromoteAsync(target, targetClient, tState.Pipeline, cancel).ConfigureAwait(false);
            await SetJobPausedAsync(target, targetClient, tState.Job, paused: true, cancel).ConfigureAwait(false);

            // 3. Wait until the promoted update is RUNNING.
            if (!_options.NoWait)
            {
                var running = await WaitForRunningAsync(target, targetClient, pipeline.PipelineId!, cancel).ConfigureAwait(false);
                if (running.Ok)
                {
                    result.RecoveryTime = clock.Elapsed;
                }
                else
                {
                    await FailPromotionAsync(target, other, targetClient, pipeline.PipelineId!, tState.Job, otherReachable, oStatus, running.Why, cancel).ConfigureAwait(false);
                }
            }

            // 4. Demote the other region, or leave it pending when it cannot be reached.
            if (!otherReachable)
            {
                result.PendingDemotion = true;
                Record(other, "Demote", $"unreachable: pending demotion, {Name(other)} may still be running; a later run (or the next command that sees it) finishes it", TimeSpan.Zero, false);
            }
            else if (oState?.Pipeline != null)
            {
                await DemoteAsync(other, _clients(other), oState, promotedAt, cancel).ConfigureAwait(false);
            }

            // 5. Both regions as they are now.
            var after = await Task.WhenAll(
                RegionReader.ReadAsync(_pair, Region.Primary, () => _clients(Region.Primary), _options.RegionTimeout, cancel),
                RegionReader.ReadAsync(_pair, Region.Secondary, () => _clients(Region.Secondary), _options.RegionTimeout, cancel)).ConfigureAwait(false);
            result.Primary = after[0].Status;
            result.Secondary = after[1].Status;
            result.TotalTime = clock.Elapsed;
            return result;
        }

        private async Task<(DateTimeOffset PromotedAt, PipelineInfo Pipeline)> PromoteAsync(Region target, WorkspaceClient client, PipelineInfo pipeline, CancellationToken cancel)
        {
            var existing = pipeline.Spec?.Tags != null && pipeline.Spec.Tags.TryGetValue(Markers.PromotedAtTag, out var t) ? Markers.ParseTime(t) : null;
            if (pipeline.Spec?.Continuous == true)
            {
                Record(target, "Promote pipeline", "already continuous", TimeSpan.Zero, false);
                return (existing ?? DateTimeOffset.MinValue, pipeline);
            }
            var promotedAt = client.Transport.ServiceNow ?? _options.UtcNow();
            var info = await Timed(target, "Promote pipeline (continuous)", async () =>
            {
                var edited = await EditAsync(client, pipeline, continuous: true, promotedAt, cancel).ConfigureAwait(false);
                return (edited.Pipeline, edited.Wrote ? "edited" : "already continuous (changed by someone else)", edited.Wrote);
            }).ConfigureAwait(false);
            return (promotedAt, info);
        }

        private async Task DemoteAsync(Region other, WorkspaceClient client, RegionState state, DateTimeOffset promotedAt, CancellationToken cancel)
        {
            var fresh = await client.Pipelines.GetAsync(state.Pipeline!.PipelineId!, cancel).ConfigureAwait(false);
            var theirs = fresh.Spec?.Tags != null && fresh.Spec.Tags.TryGetValue(Markers.PromotedAtTag, out var t) ? Markers.ParseTime(t) : null;
            if (theirs != null && theirs > promotedAt && fresh.Spec?.Continuous == true)
            {
                throw new DrOperationException(DrRefusal.ConcurrentChange,
                    $"{Label(other)} was made active at {Markers.FormatTime(theirs.Value)}, after this command promoted the other region: someone else is switching this pair. It was not demoted; run Get-DltDrStatus -Pair {_pair.Name} and decide which region stays active.");
            }
            if (fresh.Spec?.Continuous == true)
            {
                await Timed(other, "Demote pipeline (triggered)", async () =>
                {
                    var edited = await EditAsync(client, fresh, continuous: false, null, cancel).ConfigureAwait(false);
                    fresh = edited.Pipeline;
                    return (true, edited.Wrote ? "edited" : "already triggered", edited.Wrote);
                }).ConfigureAwait(false);
            }
            else
            {
                Record(other, "Demote pipeline", "already triggered", TimeSpan.Zero, false);
            }

            // Turning continuous off does not stop the running update: stop it and wait for IDLE.
            // A triggered catch-up update (cause JOB_TASK) of a standby is left to finish.
            var latest = fresh.LatestUpdates?.FirstOrDefault();
            var leftOver = latest != null && ActiveUpdateStates.Contains(latest.State ?? string.Empty) && fresh.Cause != "JOB_TASK";
            if (leftOver)
            {
                await Timed(other, "Stop the running update", async () =>
                {
                    await client.Pipelines.StopAsync(fresh.PipelineId!, cancel).ConfigureAwait(false);
                    return (true, "stopped", true);
                }).ConfigureAwait(false);
                await Timed(other, "Wait for IDLE", async () =>
                {
                    var deadline = DateTimeOffset.UtcNow + _options.WaitTimeout;
                    for (var attempt = 0; ; attempt++)
                    {
                        var p = await client.Pipelines.GetAsync(fresh.PipelineId!, cancel).ConfigureAwait(false);
                        if (p.State == "IDLE" || p.State == "FAILED") return (true, p.State!, false);
                        if (DateTimeOffset.UtcNow > deadline)
                            throw new DrOperationException(DrRefusal.Timeout, $"{Label(other)}: the demoted pipeline did not reach IDLE within {_options.WaitTimeout.TotalMinutes:0.#} minutes (it is {p.State}); it is triggered and its update was asked to stop. Run the command again to finish.");
                        _progress?.Report($"{Label(other)}: waiting for IDLE ({p.State})");
                        await _options.Polling.Delay(_options.Polling.Interval(attempt), cancel).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            }
            await SetJobPausedAsync(other, client, state.Job, paused: false, cancel).ConfigureAwait(false);
        }

        private async Task<(bool Ok, string Why)> WaitForRunningAsync(Region target, WorkspaceClient client, string pipelineId, CancellationToken cancel)
        {
            return await Timed(target, "Wait for RUNNING", async () =>
            {
                var deadline = DateTimeOffset.UtcNow + _options.WaitTimeout;
                string? last = null;
                for (var attempt = 0; ; attempt++)
                {
                    var p = await client.Pipelines.GetAsync(pipelineId, cancel).ConfigureAwait(false);
                    var update = p.LatestUpdates?.FirstOrDefault();
                    var state = update?.State;
                    if (p.Spec?.Continuous != true)
                    {
                        // Only another command turns a pipeline we promoted back to triggered (and it
                        // then stops the update): the pair is someone else's to settle, not a failed start.
                        throw new DrOperationException(DrRefusal.ConcurrentChange,
                            $"{Label(target)} was made triggered again while this command waited for it to run: someone else is switching this pair. Run Get-DltDrStatus -Pair {_pair.Name} and decide which region stays active.");
                    }
                    if (state == "RUNNING") return ((true, "RUNNING"), "RUNNING", false);
                    if (state == "FAILED" || state == "CANCELED" || p.State == "FAILED")
                        return ((false, $"its update {update?.UpdateId} ended {state} (pipeline {p.State})"), $"failed: update {state}", false);
                    if (DateTimeOffset.UtcNow > deadline)
                        return ((false, $"its update did not reach RUNNING within {_options.WaitTimeout.TotalMinutes:0.#} minutes (it is {state ?? "not started"})"), "timed out", false);
                    if (state != last)
                    {
                        _progress?.Report($"{Label(target)}: waiting for RUNNING ({state ?? "no update yet"})");
                        last = state;
                    }
                    await _options.Polling.Delay(_options.Polling.Interval(attempt), cancel).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }

        /// <summary>
        /// The promoted update did not start. When the old active region still runs, the target goes
        /// back to standby so the pair keeps exactly one active region; otherwise it stays promoted
        /// (better than none) and the failure is reported.
        /// </summary>
        private async Task FailPromotionAsync(Region target, Region other, WorkspaceClient client, string pipelineId, Job job, bool otherReachable, RegionStatus oStatus, string why, CancellationToken cancel)
        {
            if (otherReachable && oStatus.Role == RegionRole.Active)
            {
                await Timed(target, "Roll back promotion (triggered)", async () =>
                {
                    var p = await client.Pipelines.GetAsync(pipelineId, cancel).ConfigureAwait(false);
                    await EditAsync(client, p, continuous: false, null, cancel, removeMarker: true).ConfigureAwait(false);
                    await client.Pipelines.StopAsync(pipelineId, cancel).ConfigureAwait(false);
                    return (true, "back to triggered, update stopped", true);
                }).ConfigureAwait(false);
                // The job was paused by the promotion: read it again before resuming it.
                var fresh = await client.Jobs.GetAsync(job.JobId, cancel).ConfigureAwait(false);
                await SetJobPausedAsync(target, client, fresh, paused: false, cancel).ConfigureAwait(false);
                throw new DrOperationException(DrRefusal.PromotionFailed, $"{Label(target)} could not be made active: {why}. {Name(other)} stays active and {Name(target)} was returned to standby.");
            }
            throw new DrOperationException(DrRefusal.PromotionFailed, $"{Label(target)} is continuous but not running: {why}. {(otherReachable ? $"{Name(other)} was not active either" : $"{Name(other)} cannot be reached")}, so {Name(target)} stays promoted; the service may retry the update. Check the pipeline's event log.");
        }

        /// <summary>
        /// Sets continuous (and the promotion marker) with a conditional edit. A conflict means
        /// someone changed the settings since they were read: read again, and edit only if still needed.
        /// </summary>
        private static async Task<(PipelineInfo Pipeline, bool Wrote)> EditAsync(WorkspaceClient client, PipelineInfo pipeline, bool continuous, DateTimeOffset? promotedAt, CancellationToken cancel, bool removeMarker = false)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (pipeline.Spec?.Continuous == continuous && !removeMarker) return (pipeline, false);
                var spec = ApiJson.DeepCopy(pipeline.Spec ?? new PipelineSettings());
                spec.Continuous = continuous;
                spec.Tags ??= new Dictionary<string, string>();
                if (promotedAt != null) spec.Tags[Markers.PromotedAtTag] = Markers.FormatTime(promotedAt.Value);
                if (removeMarker) spec.Tags.Remove(Markers.PromotedAtTag);
                try
                {
                    await client.Pipelines.EditAsync(pipeline.PipelineId!, spec, pipeline.LastModified, cancel).ConfigureAwait(false);
                    return (await client.Pipelines.GetAsync(pipeline.PipelineId!, cancel).ConfigureAwait(false), true);
                }
                catch (DatabricksApiException ex) when (attempt == 0 && (ex.StatusCode == 409 || ex.OutcomeUnknown))
                {
                    // Changed under us, or the answer was lost: read again and decide again.
                    pipeline = await client.Pipelines.GetAsync(pipeline.PipelineId!, cancel).ConfigureAwait(false);
                    removeMarker = removeMarker && pipeline.Spec?.Tags?.ContainsKey(Markers.PromotedAtTag) == true;
                    if (pipeline.Spec?.Continuous == continuous && !removeMarker) return (pipeline, false);
                }
            }
        }

        private async Task SetJobPausedAsync(Region region, WorkspaceClient client, Job? job, bool paused, CancellationToken cancel)
        {
            var schedule = job?.Settings?.Schedule;
            var want = paused ? CronSchedule.Paused : CronSchedule.Unpaused;
            var action = paused ? "Pause catch-up job" : "Resume catch-up job";
            if (job == null || schedule == null)
            {
                Record(region, action, "no catch-up job (publish the pair)", TimeSpan.Zero, false);
                return;
            }
            if (schedule.PauseStatus == want)
            {
                Record(region, action, "already " + want.ToLowerInvariant(), TimeSpan.Zero, false);
                return;
            }
            await Timed(region, action, async () =>
            {
                var updated = ApiJson.DeepCopy(schedule);
                updated.PauseStatus = want;
                await client.Jobs.UpdateAsync(job.JobId, new JObject { ["schedule"] = ApiJson.Write(updated) }, null, cancel).ConfigureAwait(false);
                return (true, want.ToLowerInvariant(), true);
            }).ConfigureAwait(false);
        }

        private async Task<T> Timed<T>(Region region, string action, Func<Task<(T Value, string Outcome, bool Wrote)>> step)
        {
            var sw = Stopwatch.StartNew();
            _progress?.Report($"{Label(region)}: {action}");
            try
            {
                var (value, outcome, wrote) = await step().ConfigureAwait(false);
                Record(region, action, outcome, sw.Elapsed, wrote);
                return value;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                Record(region, action, "failed: " + ex.Message, sw.Elapsed, false);
                throw;
            }
        }

        private void Record(Region region, string action, string outcome, TimeSpan duration, bool wrote)
        {
            lock (_steps) _steps.Add(new SwitchStep(region, action, outcome, duration, wrote));
            _progress?.Report($"{Label(region)}: {action}: {outcome}");
        }

        private static string Describe(RegionStatus s) => s.Error != null ? "unreachable" : s.PipelineId == null ? "not published" : s.Role == RegionRole.Active ? "active" : "standby";

        private static string Name(Region r) => StatusReader.Name(r);

        private string Label(Region r) => _pair.Name + "/" + Name(r);
    }
}
