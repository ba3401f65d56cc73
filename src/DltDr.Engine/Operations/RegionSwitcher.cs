using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;
using DltDr.Engine.Sessions;
using DltDr.Engine.Time;
using DltDr.Engine.Status;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Makes one region of a pair active and the other standby. The whole failover is here, as its
    /// steps: (1) read what the decision needs from both regions at once; (2) promote the target
    /// (continuous, marked with the service's time); (3) pause its catch-up while waiting for RUNNING;
    /// (4) demote the other (triggered, update stopped, catch-up resumed); (5) read both in one round
    /// and report what is true. Promote before demote, so the pair never has no active region; once
    /// the target runs, a failed side step does not stop the demotion but becomes a named follow-up.
    /// Every step reads before it writes, so a rerun converges and one with nothing to do writes nothing.
    /// </summary>
    public sealed class RegionSwitcher
    {
        private readonly PairDefinition _pair;
        private readonly DrSession _session;
        private readonly SwitchOptions _options;
        private readonly Polling _polling;
        private readonly IProgress<string>? _progress;
        private readonly List<SwitchStep> _steps = new List<SwitchStep>();

        public RegionSwitcher(PairDefinition pair, DrSession session, SwitchOptions options, IProgress<string>? progress)
        {
            _pair = pair;
            _session = session;
            _polling = session.Options.Polling;
            _options = options;
            _progress = progress;
        }

        public async Task<SwitchResult> SwitchAsync(Region target, CancellationToken cancel)
        {
            var clock = _session.Clock.StartWatch();
            var other = Regions.Other(target);

            // 1. Read what the decision needs, both regions at once: settings, role and catch-up job.
            var reads = await Timed(target, "Read both regions", async () =>
            {
                var both = await RegionReader.ReadBothAsync(r => RegionReader.LocateAsync(_pair, r, _session, cancel)).ConfigureAwait(false);
                return (both, $"primary {Describe(both[0].Status)}, secondary {Describe(both[1].Status)}", false);
            }).ConfigureAwait(false);
            var (tStatus, tState) = reads[(int)target];
            var (oStatus, oState) = reads[(int)other];
            var before = StatusReader.Judge(_pair, reads[0].Status, reads[1].Status, new StatusOptions(), _session.Clock.UtcNow).ActiveRegion;

            if (tStatus.Error != null) throw DrOperationException.Unreadable(Label(target), tStatus, "so it cannot be made active");
            if (tState?.Pipeline == null || tState.Job == null) throw new DrOperationException(DrRefusal.NotPublished, $"{Label(target)} has no {(tState?.Pipeline == null ? "pipeline" : "catch-up job")} of pair '{_pair.Name}'. Run Publish-DltDrPipeline -Pair {_pair.Name}.");
            var otherReachable = oStatus.Error == null;
            if (!otherReachable && !_options.Unplanned)
            {
                var unplanned = $"For an unplanned failover add -Unplanned: {Name(target)} is made active and {Name(other)} is reported pending demotion (it may still be running) until a later run demotes it.";
                throw oStatus.Failure switch
                {
                    RegionFailure.AuthenticationFailed => new DrOperationException(DrRefusal.AuthenticationFailed,
                        $"{Label(other)} ({oStatus.Host}) refused the credentials: it answers and may be running, but it cannot be demoted: {oStatus.Error} Fix its credentials and run again. {unplanned}"),
                    RegionFailure.PermissionDenied => new DrOperationException(DrRefusal.PermissionDenied,
                        $"{Label(other)} ({oStatus.Host}) denied the rights to read and demote the pair: {oStatus.Error} Grant them and run again. {unplanned}"),
                    _ => new DrOperationException(DrRefusal.OtherRegionUnreachable,
                        $"{Label(other)} ({oStatus.Host}) cannot be reached: {oStatus.Error} A planned switch needs both regions. {unplanned}"),
                };
            }

            var targetClient = _session.For(_pair, target);
            var result = new SwitchResult(_pair, target, before, unplanned: !otherReachable, _steps);

            // 2. Promote the target: continuous (the service starts it), marked on the service's clock.
            var otherMarkedLater = oStatus.Role == RegionRole.Active && oStatus.PromotedAt != null && (tStatus.PromotedAt == null || oStatus.PromotedAt >= tStatus.PromotedAt);
            var pipeline = await PromoteAsync(target, targetClient, tState.Pipeline, remark: otherMarkedLater, cancel).ConfigureAwait(false);

            // 3. Pause the target's catch-up while its update starts, and wait until it is RUNNING.
            var pause = FollowUpAsync(result, target, "Pause catch-up job", fresh => SetJobPausedAsync(target, targetClient, fresh ? null : tState.Job, tState.Job.JobId, paused: true, cancel));
            var running = _options.NoWait ? Task.FromResult((Ok: true, Why: string.Empty)) : WaitForRunningAsync(target, targetClient, pipeline.PipelineId!, cancel);
            try
            {
                await Task.WhenAll(pause, running).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.IsUnreachable && otherReachable && oStatus.Role == RegionRole.Active)
            {
                // Promoted, then lost before it was seen running: the old active region is left running.
                throw new DrOperationException(DrRefusal.BothActive,
                    $"Both regions of pair '{_pair.Name}' are running: {Name(target)} was made active but stopped answering before it was seen running ({ex.Message}), so {Name(other)} was left active. Run Set-DltDrActiveRegion -Pair {_pair.Name} -Region {target} again once {Name(target)} answers, or -Region {other} to go back.");
            }
            if (!running.Result.Ok)
            {
                await FailPromotionAsync(target, other, targetClient, pipeline.PipelineId!, tState.Job.JobId, otherReachable, oStatus, running.Result.Why, cancel).ConfigureAwait(false);
            }
            if (!_options.NoWait) result.RecoveryTime = clock.Elapsed;

            // 4. Demote the other region, or leave it pending demotion when it cannot be reached.
            if (!otherReachable)
            {
                Pending(result, other, oStatus.Failure switch
                {
                    RegionFailure.AuthenticationFailed => "credentials refused (it answers and is treated as running)",
                    RegionFailure.PermissionDenied => "permission denied (it answers and is treated as running)",
                    _ => "unreachable",
                });
            }
            else if (oState?.Pipeline != null)
            {
                await DemoteAsync(result, other, _session.For(_pair, other), oState, cancel).ConfigureAwait(false);
            }

            // 5. Both regions as they are now, in one round, and whether that is what was asked for.
            var after = await RegionReader.ReadBothAsync(r =>
            {
                var known = r == target ? tState : oState;
                return known != null
                    ? RegionReader.RereadAsync(_pair, r, _session, known, cancel)
                    : RegionReader.ReadAsync(_pair, r, _session, cancel);
            }).ConfigureAwait(false);
            result.Primary = after[0].Status;
            result.Secondary = after[1].Status;
            result.TotalTime = clock.Elapsed;
            Verify(result, target, oState?.Pipeline, after[(int)other].State?.Pipeline);
            return result;
        }

        /// <summary>Edits the target continuous; an already continuous target is re-marked when the other region was promoted after it.</summary>
        private async Task<PipelineInfo> PromoteAsync(Region target, WorkspaceClient client, PipelineInfo pipeline, bool remark, CancellationToken cancel)
        {
            if (pipeline.Spec?.Continuous == true && !remark)
            {
                Record(target, "Promote pipeline", "already continuous", TimeSpan.Zero, false);
                return pipeline;
            }
            var promotedAt = client.Transport.ServiceNow ?? _session.Clock.UtcNow;
            return await Timed(target, "Promote pipeline (continuous)", async () =>
            {
                var edited = await EditAsync(client, pipeline, continuous: true, promotedAt, cancel, force: remark).ConfigureAwait(false);
                return (edited.Pipeline, edited.Wrote ? (remark && pipeline.Spec?.Continuous == true ? "already continuous; marked active now" : "edited") : "already continuous (changed by someone else)", edited.Wrote);
            }).ConfigureAwait(false);
        }

        private async Task DemoteAsync(SwitchResult result, Region other, WorkspaceClient client, RegionState state, CancellationToken cancel)
        {
            PipelineInfo fresh;
            try
            {
                fresh = await client.Pipelines.GetAsync(state.Pipeline!.PipelineId!, cancel).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.IsUnreachable)
            {
                // Lost between promote and demote: as an unplanned failover would leave it.
                Pending(result, other, "lost after the promotion");
                return;
            }
            // Promoted by someone else since this command read it (its marker changed): not ours to demote.
            if (fresh.Spec?.Continuous == true && PromotedSince(state.Pipeline, fresh)) throw PromotedMeanwhile(other, fresh);

            if (fresh.Spec?.Continuous == true)
            {
                try
                {
                    fresh = await Timed(other, "Demote pipeline (triggered)", async () =>
                    {
                        var edited = await EditAsync(client, fresh, continuous: false, null, cancel, stillOurs: p => !PromotedSince(state.Pipeline, p)).ConfigureAwait(false);
                        return (edited.Pipeline, edited.Wrote ? "edited" : "already triggered", edited.Wrote);
                    }).ConfigureAwait(false);
                }
                catch (DatabricksApiException ex) when (ex.IsUnreachable)
                {
                    Pending(result, other, "lost during the demotion");
                    return;
                }
                catch (DatabricksApiException ex)
                {
                    Pending(result, other, $"its pipeline could not be made triggered and is still continuous: {ex.Message}");
                    return;
                }
                catch (ConcurrentEdit)
                {
                    throw PromotedMeanwhile(other, fresh);
                }
            }
            else
            {
                Record(other, "Demote pipeline", "already triggered", TimeSpan.Zero, false);
            }

            // Turning continuous off does not stop the running update: stop it and wait for IDLE.
            // A triggered catch-up update (cause JOB_TASK) of a standby is left to finish.
            var latest = fresh.LatestUpdates?.FirstOrDefault();
            // Either step left undone leaves the demotion unfinished: the region may still process
            // (update not stopped) or is not caught up (job paused). That is never a plain success.
            if (latest != null && UpdateStates.IsActive(latest.State) && fresh.Cause != UpdateCauses.JobTask)
            {
                var stopFailed = await SideStepAsync(async _ =>
                {
                    await Timed(other, "Stop the running update", async () =>
                    {
                        await client.Pipelines.StopAsync(fresh.PipelineId!, cancel).ConfigureAwait(false);
                        return (true, "stopped", true);
                    }).ConfigureAwait(false);
                    await WaitForIdleAsync(other, client, fresh.PipelineId!, cancel).ConfigureAwait(false);
                }).ConfigureAwait(false);
                if (stopFailed != null) Pending(result, other, $"it is triggered but its update {latest.UpdateId} could not be stopped and may still be running: {stopFailed}");
            }
            var resumeFailed = await SideStepAsync(again => SetJobPausedAsync(other, client, again ? null : state.Job, state.Job?.JobId, paused: false, cancel)).ConfigureAwait(false);
            if (resumeFailed != null) Pending(result, other, $"it is triggered but its catch-up job could not be resumed, so it is not being caught up: {resumeFailed}");
        }

        private Task<(bool Ok, string Why)> WaitForRunningAsync(Region target, WorkspaceClient client, string pipelineId, CancellationToken cancel)
            => Timed(target, "Wait for RUNNING", async () =>
            {
                PipelineInfo? last = null;
                var (done, state) = await _polling.UntilAsync(async token =>
                {
                    var read = await client.Pipelines.GetAsync(pipelineId, token).ConfigureAwait(false);
                    if (read.Spec?.Continuous != true)
                    {
                        // Only another command turns a pipeline we promoted back to triggered (and it
                        // then stops the update): the pair is someone else's to settle, not a failed start.
                        throw new DrOperationException(DrRefusal.ConcurrentChange,
                            $"{Label(target)} was made triggered again while this command waited for it to run: someone else is switching this pair. Run Get-DltDrStatus -Pair {_pair.Name} and decide which region stays active.");
                    }
                    last = read;
                    var update = read.LatestUpdates?.FirstOrDefault()?.State;
                    return (update == UpdateStates.Running || update == UpdateStates.Failed || update == UpdateStates.Canceled || read.State == PipelineStates.Failed, update);
                }, _options.WaitTimeout, seen => _progress?.Report($"{Label(target)}: waiting for RUNNING ({seen ?? "no update yet"})"), cancel).ConfigureAwait(false);

                if (state == UpdateStates.Running) return ((true, UpdateStates.Running), UpdateStates.Running, false);
                if (done) return ((false, $"its update {last?.LatestUpdates?.FirstOrDefault()?.UpdateId} ended {state} (pipeline {last?.State})"), $"failed: update {state}", false);
                return ((false, $"its update did not reach RUNNING within {_options.WaitTimeout.TotalMinutes:0.#} minutes (it is {state ?? "not started"})"), "timed out", false);
            });

        private Task WaitForIdleAsync(Region other, WorkspaceClient client, string pipelineId, CancellationToken cancel)
            => Timed(other, "Wait for IDLE", async () =>
            {
                var (done, state) = await _polling.UntilAsync(async token =>
                {
                    var p = await client.Pipelines.GetAsync(pipelineId, token).ConfigureAwait(false);
                    return (p.State == PipelineStates.Idle || p.State == PipelineStates.Failed, p.State);
                }, _options.WaitTimeout, s => _progress?.Report($"{Label(other)}: waiting for IDLE ({s})"), cancel).ConfigureAwait(false);
                if (!done) throw new DrOperationException(DrRefusal.Timeout, $"the demoted pipeline did not reach IDLE within {_options.WaitTimeout.TotalMinutes:0.#} minutes (it is {state}); it is triggered and its update was asked to stop");
                return (true, state!, false);
            });

        /// <summary>
        /// The promoted update did not start. When the old active region still runs, the target goes
        /// back to standby so the pair keeps exactly one active region; otherwise it stays promoted
        /// (better than none) and the failure is reported.
        /// </summary>
        private async Task FailPromotionAsync(Region target, Region other, WorkspaceClient client, string pipelineId, long jobId, bool otherReachable, RegionStatus oStatus, string why, CancellationToken cancel)
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
                await SetJobPausedAsync(target, client, null, jobId, paused: false, cancel).ConfigureAwait(false);
                throw new DrOperationException(DrRefusal.PromotionFailed, $"{Label(target)} could not be made active: {why}. {Name(other)} stays active and {Name(target)} was returned to standby.");
            }
            throw new DrOperationException(DrRefusal.PromotionFailed, $"{Label(target)} is continuous but not running: {why}. {(otherReachable ? $"{Name(other)} was not active either" : $"{Name(other)} cannot be reached")}, so {Name(target)} stays promoted; the service may retry the update. Check the pipeline's event log.");
        }

        /// <summary>
        /// The end state as read after the last write. Someone else's promotion is a concurrent change;
        /// both regions still running after a planned switch is BothActive, with the rerun that fixes it.
        /// </summary>
        private void Verify(SwitchResult result, Region target, PipelineInfo? otherSeen, PipelineInfo? otherNow)
        {
            var other = Regions.Other(target);
            var t = result[target]!;
            var o = result[other]!;
            if (t.Error != null)
            {
                result.AddFollowUp($"Read {Label(target)} after the switch: {t.Error}");
                return;
            }
            if (t.Role != RegionRole.Active)
            {
                throw new DrOperationException(DrRefusal.ConcurrentChange,
                    $"{Label(target)} is no longer continuous after this command promoted it: someone else is switching this pair ({Name(other)} is {(o.Error != null ? "unreachable" : o.Mode?.ToLowerInvariant())}). Run Get-DltDrStatus -Pair {_pair.Name} and decide which region stays active.");
            }
            if (o.Error != null || o.Role != RegionRole.Active || result.PendingDemotion) return;
            if (otherNow != null && PromotedSince(otherSeen, otherNow))
            {
                throw new DrOperationException(DrRefusal.ConcurrentChange,
                    $"{Label(other)} was made active at {MarkerOf(otherNow)}, while this command was switching to {Name(target)}: someone else is switching this pair. Both are continuous; run Get-DltDrStatus -Pair {_pair.Name} and decide which region stays active.");
            }
            throw new DrOperationException(DrRefusal.BothActive,
                $"Both regions of pair '{_pair.Name}' are running: {Name(target)} was made active but {Name(other)} is still continuous. {string.Join(" ", result.FollowUps)} Run Set-DltDrActiveRegion -Pair {_pair.Name} -Region {target} again to finish the switch.".Replace("  ", " "));
        }

        /// <summary>
        /// A step after the promotion: when it fails it is tried once more from a fresh read (its
        /// writes are idempotent). Answers why it failed both times, or null when it was done; the
        /// switch goes on either way, so the other region is still driven to standby.
        /// </summary>
        private static async Task<string?> SideStepAsync(Func<bool, Task> step)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await step(attempt > 0).ConfigureAwait(false);
                    return null;
                }
                catch (Exception ex) when (ex is DatabricksApiException || ex is DrOperationException)
                {
                    if (attempt > 0) return ex.Message;
                }
            }
        }

        /// <summary>A side step of the promoted region that, failed, leaves a named follow-up: the target runs either way.</summary>
        private async Task FollowUpAsync(SwitchResult result, Region region, string action, Func<bool, Task> step)
        {
            var failed = await SideStepAsync(step).ConfigureAwait(false);
            if (failed != null) result.AddFollowUp($"{action} of {Label(region)}: {failed}");
        }

        /// <summary>The pipeline carries another promotion marker than when this command first read it.</summary>
        private static bool PromotedSince(PipelineInfo? seen, PipelineInfo now) => MarkerOf(now) != null && MarkerOf(now) != MarkerOf(seen);

        private static string? MarkerOf(PipelineInfo? p) => p?.Spec?.Tags != null && p.Spec.Tags.TryGetValue(Markers.PromotedAtTag, out var m) ? m : null;

        private DrOperationException PromotedMeanwhile(Region other, PipelineInfo fresh)
            => new DrOperationException(DrRefusal.ConcurrentChange,
                $"{Label(other)} was made active{(MarkerOf(fresh) is string m ? " at " + m : string.Empty)}, while this command was switching to {Name(Regions.Other(other))}: someone else is switching this pair. It was not demoted; run Get-DltDrStatus -Pair {_pair.Name} and decide which region stays active.");

        /// <summary>A conditional edit found the settings changed by someone else's switch.</summary>
        private sealed class ConcurrentEdit : Exception
        {
        }

        /// <summary>The other region's demotion is not finished; every reason is kept, in the order met.</summary>
        private void Pending(SwitchResult result, Region other, string why)
        {
            result.PendingDemotion = true;
            result.PendingDemotionReason = result.PendingDemotionReason == null ? why : result.PendingDemotionReason + "; " + why;
            Record(other, "Demote", $"{why}: pending demotion; a rerun of this command finishes it", TimeSpan.Zero, false);
        }

        /// <summary>
        /// Sets continuous (and the promotion marker) with a conditional edit. A conflict means
        /// someone changed the settings since they were read: read again, and edit only if still needed.
        /// </summary>
        /// <param name="stillOurs">After a conflict, whether the settings read again may still be changed by this command.</param>
        private static async Task<(PipelineInfo Pipeline, bool Wrote)> EditAsync(WorkspaceClient client, PipelineInfo pipeline, bool continuous, DateTimeOffset? promotedAt, CancellationToken cancel, bool removeMarker = false, bool force = false, Func<PipelineInfo, bool>? stillOurs = null)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (pipeline.Spec?.Continuous == continuous && !removeMarker && !force) return (pipeline, false);
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
                catch (DatabricksApiException ex) when (attempt == 0 && (ex.StatusCode == 409 || ex.OutcomeUnknown || ex.StatusCode >= 500))
                {
                    // Changed under us, or the answer was lost: read again and decide again.
                    pipeline = await client.Pipelines.GetAsync(pipeline.PipelineId!, cancel).ConfigureAwait(false);
                    removeMarker = removeMarker && pipeline.Spec?.Tags?.ContainsKey(Markers.PromotedAtTag) == true;
                    force = force && !(promotedAt != null && pipeline.Spec?.Tags?.TryGetValue(Markers.PromotedAtTag, out var m) == true && m == Markers.FormatTime(promotedAt.Value));
                    if (pipeline.Spec?.Continuous == continuous && !removeMarker && !force) return (pipeline, false);
                    if (stillOurs != null && !stillOurs(pipeline)) throw new ConcurrentEdit();
                }
            }
        }

        /// <summary>Pauses or resumes the catch-up schedule; reads the job first when <paramref name="job"/> is null.</summary>
        private async Task SetJobPausedAsync(Region region, WorkspaceClient client, Job? job, long? jobId, bool paused, CancellationToken cancel)
        {
            if (job == null && jobId != null) job = await client.Jobs.GetAsync(jobId.Value, cancel).ConfigureAwait(false);
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
            var sw = _session.Clock.StartWatch();
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

        private static string Name(Region r) => Regions.Name(r);

        private string Label(Region r) => Regions.Label(_pair.Name, r);
    }
}
