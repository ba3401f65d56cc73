using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Commands;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;
using static DltDr.Engine.Operations.PairWrites;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// The whole failover, as its steps: make one region of a pair active and the other standby.
    /// Promote before demote, so the pair is never left without an active region; once the target
    /// runs, a failed side step does not stop the demotion but becomes a named follow-up. Every step
    /// reads before it writes, so a rerun after any interruption converges, and a rerun with nothing
    /// to do writes nothing. <see cref="All"/> is the order they run in; progress, -WhatIf, the
    /// history, the help's step table and the fault tests all read it.
    /// </summary>
    public static class SwitchSteps
    {
        private static readonly string[] Nothing = Array.Empty<string>();
        private static readonly string[] BothRunning = { StatusRules.BothActive.Code, StatusRules.PendingDemotion.Code };
        private static readonly string[] Promoted = { StatusRules.BothActive.Code, StatusRules.PendingDemotion.Code,
            StatusRules.ModeJobMismatch.Code };
        private static readonly string[] DemotionUnfinished = { StatusRules.PendingDemotion.Code };

        /// <summary>1. Both regions at once: the pipeline settings, role and catch-up job of each.</summary>
        public static readonly SwitchStep Read = new SwitchStep("read", "Read both regions", StepRegion.Both,
            "GET /api/2.0/pipelines/{id}, GET /api/2.2/jobs/list",
            needs: "the target answers and is published; the other answers, or -Unplanned",
            leaves: "nothing changed",
            leavesProblems: Nothing, StepFailure.Stops, whatIf: "read both regions", ReadAsync);

        /// <summary>2. The target's pipeline continuous (the service starts it), marked with the service's time.</summary>
        public static readonly SwitchStep Promote = new SwitchStep("promote", "Promote pipeline (continuous)", StepRegion.Target,
            "PUT /api/2.0/pipelines/{id}",
            needs: "both regions read",
            leaves: "both regions continuous; the target is starting, its catch-up not yet paused: rerun to finish the switch",
            leavesProblems: Promoted, StepFailure.Stops, whatIf: "promote {target} (continuous)", PromoteAsync);

        /// <summary>
        /// 3. The target's catch-up paused, alongside the steps after it (done before verify): a
        /// jobs/update queued under the workspace's limit does not hold up the demotion.
        /// </summary>
        public static readonly SwitchStep PauseCatchUp = new SwitchStep("pause", "Pause catch-up job", StepRegion.Target,
            "POST /api/2.2/jobs/update",
            needs: "the target promoted",
            leaves: "both regions continuous, the target's catch-up paused: rerun to finish the switch",
            leavesProblems: BothRunning, StepFailure.FollowUp, whatIf: "pause its catch-up", PauseCatchUpAsync, background: true);

        /// <summary>
        /// 4. Until the target's update is RUNNING (not with -NoWait, unless others depend on the pair): one listing of the
        /// workspace a tick answers every pair waited on there.
        /// </summary>
        public static readonly SwitchStep WaitRunning = new SwitchStep("wait-running", "Wait for RUNNING", StepRegion.Target,
            "GET /api/2.0/pipelines",
            needs: "the target promoted",
            leaves: "both regions running: rerun to finish the switch",
            leavesProblems: BothRunning, StepFailure.Stops, whatIf: "wait until it runs", WaitRunningAsync);

        /// <summary>
        /// 5. The other region's pipeline triggered, conditional on its settings as first read (not promoted by someone else meanwhile).
        /// </summary>
        public static readonly SwitchStep Demote = new SwitchStep("demote", "Demote pipeline (triggered)", StepRegion.Other,
            "PUT /api/2.0/pipelines/{id}",
            needs: "the target running (or -NoWait); the other region answers",
            leaves: "the other region triggered, its update still running and its catch-up paused: rerun to finish the demotion",
            leavesProblems: DemotionUnfinished, StepFailure.PendingDemotion, whatIf: "demote {other} (triggered)", DemoteAsync);

        /// <summary>
        /// 6. The other region's catch-up scheduled again, so the standby stays fresh: alongside the
        /// steps after it (done before verify), as soon as its pipeline is triggered, so the resumes
        /// of many pairs, paced under the workspace's jobs/update limit, start early.
        /// </summary>
        public static readonly SwitchStep ResumeCatchUp = new SwitchStep("resume", "Resume catch-up job", StepRegion.Other,
            "POST /api/2.2/jobs/update",
            needs: "the other region demoted",
            leaves: "the other region triggered and its catch-up resumed, its update still running: rerun to finish the demotion",
            leavesProblems: DemotionUnfinished, StepFailure.PendingDemotion, whatIf: "resume its catch-up", ResumeCatchUpAsync,
            background: true);

        /// <summary>7. The other region's running update stopped: turning continuous off does not stop it.</summary>
        public static readonly SwitchStep StopUpdate = new SwitchStep("stop", "Stop the running update", StepRegion.Other,
            "POST /api/2.0/pipelines/{id}/stop",
            needs: "the other region demoted and its update not a catch-up run",
            leaves: "the other region stopping: rerun to finish the demotion",
            leavesProblems: DemotionUnfinished, StepFailure.PendingDemotion, whatIf: "stop its update", StopUpdateAsync);

        /// <summary>8. Until the other region's pipeline is IDLE, from the same listing.</summary>
        public static readonly SwitchStep WaitIdle = new SwitchStep("wait-idle", "Wait for IDLE", StepRegion.Other,
            "GET /api/2.0/pipelines",
            needs: "the other region's update stopped",
            leaves: "the switch done, once the resume alongside went through",
            leavesProblems: Nothing, StepFailure.PendingDemotion, whatIf: "wait until it is idle", WaitIdleAsync);

        /// <summary>9. Both regions as they are now, in one round, and whether that is what was asked for.</summary>
        public static readonly SwitchStep Verify = new SwitchStep("verify", "Read both regions again", StepRegion.Both,
            "GET /api/2.0/pipelines/{id}",
            needs: "nothing",
            leaves: "the switch done",
            leavesProblems: Nothing, StepFailure.Stops, whatIf: "read both again", VerifyAsync);

        /// <summary>The steps in the order a switch runs them.</summary>
        public static IReadOnlyList<SwitchStep> All { get; } = new[] { Read, Promote, PauseCatchUp, WaitRunning, Demote, ResumeCatchUp,
            StopUpdate, WaitIdle, Verify };

        /// <summary>The steps that write, as the fault tests and the help list them.</summary>
        public static IReadOnlyList<SwitchStep> Writes => All.Where(s => s.Writes).ToList();

        private static async Task<StepOutcome> ReadAsync(SwitchRun run, CancellationToken cancel)
        {
            var reads = await RegionReader.ReadBothAsync(r
                => RegionReader.LocateAsync(run.Pair, r, run.Session, cancel)).ConfigureAwait(false);
            (run.TargetStatus, run.TargetState) = reads[(int)run.Target];
            (run.OtherStatus, run.OtherState) = reads[(int)run.Other];
            run.Before = StatusReader.Judge(run.Pair, reads[0].Status, reads[1].Status, new StatusOptions(),
                run.Session.Clock.UtcNow).ActiveRegion;
            var outcome = $"primary {Describe(reads[0].Status)}, secondary {Describe(reads[1].Status)}";

            var t = run.TargetStatus;
            var o = run.OtherStatus;
            if (t.Error != null) throw t.Unreadable(run.Label(run.Target), "so it cannot be made active");
            if (run.TargetState?.Pipeline == null || run.TargetState.Job == null)
            {
                var missing = run.TargetState?.Pipeline == null ? "pipeline" : "catch-up job";
                throw new DrOperationException(DrRefusal.NotPublished,
                    $"{run.Label(run.Target)} has no {missing} of pair '{run.Pair.Name}'. Run {NextStep.Publish(run.Pair.Name)}.",
                        next: NextStep.Publish(run.Pair.Name));
            }
            if (!run.OtherReachable && !run.Options.Unplanned) throw OtherUnreadable(run);
            run.Result = new SwitchResult(run.Pair, run.Target, run.Before, unplanned: !run.OtherReachable, run.RecordList);
            return StepOutcome.Done(outcome);
        }

        /// <summary>A planned switch needs the other region: it may be running, and must be demoted.</summary>
        private static DrOperationException OtherUnreadable(SwitchRun run)
        {
            var o = run.OtherStatus;
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            var unplanned = NextStep.SetActiveRegion(run.Pair.Name, run.Target, unplanned: true);
            var how = $"For an unplanned failover run {unplanned}: {target} is made active and {other} is reported pending demotion "
                + "(it may still be running) until a later run demotes it.";
            return o.Failure switch
            {
                RegionFailure.AuthenticationFailed => new DrOperationException(DrRefusal.AuthenticationFailed,
                    $"{run.Label(run.Other)} ({o.Host}) refused the credentials: it answers and may be running, but it cannot be "
                        + $"demoted: {o.Error} "
                    + $"Fix its credentials and run again. {how}", next: unplanned),
                RegionFailure.CredentialsUnavailable => new DrOperationException(DrRefusal.AuthenticationFailed,
                    $"{run.Label(run.Other)} ({o.Host}): no credentials could be had, so it was not asked and may be running: {o.Error} "
                    + $"Supply its credentials and run again. {how}", next: unplanned),
                RegionFailure.PermissionDenied => new DrOperationException(DrRefusal.PermissionDenied,
                    $"{run.Label(run.Other)} ({o.Host}) denied the rights to read and demote the pair: {o.Error} Grant them and run "
                        + $"again. {how}", next: unplanned),
                _ => new DrOperationException(DrRefusal.OtherRegionUnreachable,
                    $"{run.Label(run.Other)} ({o.Host}) cannot be reached: {o.Error} A planned switch needs both regions. {how}",
                        next: unplanned),
            };
        }

        private static async Task<StepOutcome> PromoteAsync(SwitchRun run, CancellationToken cancel)
        {
            var (t, o) = (run.TargetStatus, run.OtherStatus);
            var pipeline = run.TargetState!.Pipeline!;
            // An already continuous target is marked again when the other region was promoted after it.
            var remark = o.Role == RegionRole.Active && o.PromotedAt != null && (t.PromotedAt == null || o.PromotedAt >= t.PromotedAt);
            if (pipeline.Spec?.Continuous == true && !remark)
            {
                run.Promoted = pipeline;
                return StepOutcome.Done("already continuous");
            }
            var client = run.TargetClient;
            var promotedAt = client.Transport.ServiceNow ?? run.Session.Clock.UtcNow;
            var (edited, wrote) = await SetContinuousAsync(client, pipeline, continuous: true, promotedAt, cancel,
                force: remark).ConfigureAwait(false);
            run.Promoted = edited;
            if (!wrote) return StepOutcome.Done("already continuous (changed by someone else)");
            return StepOutcome.Changed(remark && pipeline.Spec?.Continuous == true ? "already continuous; marked active now" : "edited");
        }

        private static async Task<StepOutcome> PauseCatchUpAsync(SwitchRun run, CancellationToken cancel)
        {
            var job = run.TargetState!.Job!;
            var (done,
                failed) = await TwiceAsync(fresh
                    => SetCatchUpPausedAsync(run.TargetClient, fresh ? null : job, job.JobId, paused: true, cancel))
                .ConfigureAwait(false);
            if (failed == null)
            {
                run.TargetJob = done.Job;
                return done.Wrote ? StepOutcome.Changed(done.Outcome) : StepOutcome.Done(done.Outcome);
            }
            // The target runs either way: a follow-up a rerun finishes.
            run.Result!.AddFollowUp($"{PauseCatchUp.Title} of {run.Label(run.Target)}: {failed}");
            return StepOutcome.Done("failed: " + failed);
        }

        private static async Task<StepOutcome> WaitRunningAsync(SwitchRun run, CancellationToken cancel)
        {
            if (run.Options.NoWait) return StepOutcome.Skip;
            var client = run.TargetClient;
            bool done;
            PipelineInfo last;
            try
            {
                // The workspace's state listing, shared by every pair waited on there (or a get for one pair).
                (done, last) = await client.Watch.WaitAsync(run.Promoted!.PipelineId!, p =>
                {
                    // Read alone, the pipeline shows its settings: made triggered again ends the wait.
                    if (p.Spec != null && p.Spec.Continuous != true) return true;
                    var update = p.LatestUpdates?.FirstOrDefault()?.State;
                    return update == UpdateStates.Running || update == UpdateStates.Failed || update == UpdateStates.Canceled
                        || p.State == PipelineStates.Failed;
                }, run.Session.Options.Polling, run.Options.WaitTimeout,
                    p => run.Progress?.Report($"{run.Label(run.Target)}: waiting for RUNNING "
                        + $"({p.LatestUpdates?.FirstOrDefault()?.State ?? "no update yet"})"),
                    cancel).ConfigureAwait(false);
                // A listing shows no settings: before the other region is demoted, read the target once
                // to see it is still ours (continuous), or the demotion could leave no region active.
                if (done && last.Spec == null) last = await client.Pipelines.GetAsync(last.PipelineId!, cancel).ConfigureAwait(false);
                if (last.Spec?.Continuous != true) throw MadeTriggeredMeanwhile(run);
            }
            catch (DatabricksApiException ex) when (ex.IsUnreachable && run.OtherReachable && run.OtherStatus.Role == RegionRole.Active)
            {
                // Promoted, then lost before it was seen running: the old active region is left running.
                var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
                throw new DrOperationException(DrRefusal.BothActive,
                    $"Both regions of pair '{run.Pair.Name}' are running: {target} was made active but stopped answering before it "
                        + $"was seen running ({ex.Message}), "
                    + $"so {other} was left active. Run {NextStep.SetActiveRegion(run.Pair.Name, run.Target)} again once {target} answers, "
                    + $"or {NextStep.SetActiveRegion(run.Pair.Name, run.Other)} to go back.",
                        next: NextStep.SetActiveRegion(run.Pair.Name, run.Target));
            }
            var state = last.LatestUpdates?.FirstOrDefault()?.State;
            if (state == UpdateStates.Running)
            {
                run.Result!.RecoveryTime = run.Watch.Elapsed;
                return StepOutcome.Done(UpdateStates.Running);
            }
            var why = done
                ? $"its update {last.LatestUpdates?.FirstOrDefault()?.UpdateId} ended {state} (pipeline {last.State})"
                : $"its update did not reach RUNNING within {run.Options.WaitTimeout.TotalMinutes:0.#} minutes (it is "
                    + $"{state ?? "not started"})";
            run.Running = (false, why);
            await FailPromotionAsync(run, why, cancel).ConfigureAwait(false);
            return StepOutcome.Done(done ? $"failed: update {state}" : "timed out");
        }

        private static async Task FailPromotionAsync(SwitchRun run, string why, CancellationToken cancel)
        {
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            var client = run.TargetClient;
            var id = run.Promoted!.PipelineId!;
            // The pause may still be under way: let it end before the rollback resumes the job.
            await run.JoinBackgroundAsync().ConfigureAwait(false);
            var p = await client.Pipelines.GetAsync(id, cancel).ConfigureAwait(false);
            // Only another command turns a pipeline we promoted back to triggered (and it then stops the
            // update): the pair is someone else's to settle, not a failed start.
            if (p.Spec?.Continuous != true) throw MadeTriggeredMeanwhile(run);
            if (run.OtherReachable && run.OtherStatus.Role == RegionRole.Active)
            {
                await SetContinuousAsync(client, p, continuous: false, null, cancel, removeMarker: true).ConfigureAwait(false);
                await client.Pipelines.StopAsync(id, cancel).ConfigureAwait(false);
                await SetCatchUpPausedAsync(client, null, run.TargetState!.Job!.JobId, paused: false, cancel).ConfigureAwait(false);
                run.Record(Promote, run.Target, "rolled back: triggered, update stopped, catch-up resumed", TimeSpan.Zero, wrote: true);
                throw new DrOperationException(DrRefusal.PromotionFailed,
                    $"{run.Label(run.Target)} could not be made active: {why}. {other} stays active and {target} was returned to standby.");
            }
            var left = run.OtherReachable ? $"{other} was not active either" : $"{other} cannot be reached";
            throw new DrOperationException(DrRefusal.PromotionFailed,
                $"{run.Label(run.Target)} is continuous but not running: {why}. {left}, so {target} stays promoted; the service may "
                    + $"retry the update. "
                + "Check the pipeline's event log.");
        }

        private static async Task<StepOutcome> DemoteAsync(SwitchRun run, CancellationToken cancel)
        {
            if (!run.OtherReachable)
            {
                var why = run.OtherStatus.Failure switch
                {
                    RegionFailure.AuthenticationFailed => "credentials refused (it answers and is treated as running)",
                    RegionFailure.CredentialsUnavailable => "credentials unavailable (not asked; treated as running)",
                    RegionFailure.PermissionDenied => "permission denied (it answers and is treated as running)",
                    _ => "unreachable",
                };
                return Halt(run, why);
            }
            var seen = run.OtherState?.Pipeline;
            if (seen == null) return StepOutcome.Skip; // the other region was never published: nothing to demote
            if (seen.Spec?.Continuous != true)
            {
                // Triggered as first read; a promotion by someone else since shows in the last read.
                run.Demoted = seen;
                return StepOutcome.Done("already triggered");
            }
            try
            {
                // Conditional on the settings first read: a change since (someone else's promotion)
                // is a conflict, after which the settings are read again and decided on.
                var (edited, wrote) = await SetContinuousAsync(run.OtherClient, seen, continuous: false, null, cancel,
                    stillOurs: p => !PromotedSince(seen, p), demotedAt: run.OtherClient.Transport.ServiceNow ?? run.Session.Clock.UtcNow)
                    .ConfigureAwait(false);
                run.Demoted = edited;
                return wrote ? StepOutcome.Changed("edited") : StepOutcome.Done("already triggered");
            }
            catch (DatabricksApiException ex) when (ex.IsUnreachable)
            {
                return Halt(run, "lost during the demotion");
            }
            catch (DatabricksApiException ex)
            {
                return Halt(run, $"its pipeline could not be made triggered and is still continuous: {ex.Message}");
            }
            catch (ConcurrentEdit)
            {
                throw PromotedMeanwhile(run, seen);
            }
        }

        /// <summary>The demotion stops here: the other region is left pending demotion for a rerun.</summary>
        private static StepOutcome Halt(SwitchRun run, string why)
        {
            run.DemotionHalted = true;
            run.Pending(why);
            return StepOutcome.Done($"{why}: pending demotion; a rerun of this command finishes it");
        }

        private static async Task<StepOutcome> StopUpdateAsync(SwitchRun run, CancellationToken cancel)
        {
            // A triggered catch-up update (cause JOB_TASK) of a standby is left to finish.
            var demoted = run.Demoted;
            var latest = demoted?.LatestUpdates?.FirstOrDefault();
            if (run.DemotionHalted || latest == null || !UpdateStates.IsActive(latest.State)
                || demoted!.Cause == UpdateCauses.JobTask) return StepOutcome.Skip;
            var client = run.OtherClient;
            var (_, failed) = await TwiceAsync(async _ =>
            {
                await client.Pipelines.StopAsync(demoted.PipelineId!, cancel).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            if (failed == null) return StepOutcome.Changed("stopped");
            run.StopFailed = true;
            run.Pending($"it is triggered but its update {latest.UpdateId} could not be stopped and may still be running: {failed}");
            return StepOutcome.Done("failed: " + failed);
        }

        private static async Task<StepOutcome> WaitIdleAsync(SwitchRun run, CancellationToken cancel)
        {
            if (run.DemotionHalted || run.StopFailed || !run.Records.Any(r => r.Step == StopUpdate.Id)) return StepOutcome.Skip;
            try
            {
                var (done, last) = await run.OtherClient.Watch.WaitAsync(run.Demoted!.PipelineId!,
                    p => p.State == PipelineStates.Idle || p.State == PipelineStates.Failed, run.Session.Options.Polling,
                        run.Options.WaitTimeout,
                    p => run.Progress?.Report($"{run.Label(run.Other)}: waiting for IDLE ({p.State})"), cancel).ConfigureAwait(false);
                if (done) return StepOutcome.Done(last.State!);
                var latest = run.Demoted.LatestUpdates?.FirstOrDefault()?.UpdateId;
                run.Pending($"it is triggered but its update {latest} did not reach IDLE within "
                    + $"{run.Options.WaitTimeout.TotalMinutes:0.#} minutes "
                    + $"(it is {last.State}) and may still be running");
                return StepOutcome.Done($"still {last.State}");
            }
            catch (DatabricksApiException ex)
            {
                run.Pending($"it is triggered but whether its update stopped could not be read: {ex.Message}");
                return StepOutcome.Done("failed: " + ex.Message);
            }
        }

        private static async Task<StepOutcome> ResumeCatchUpAsync(SwitchRun run, CancellationToken cancel)
        {
            if (run.DemotionHalted || run.Demoted == null) return StepOutcome.Skip;
            var job = run.OtherState?.Job;
            var (done,
                failed) = await TwiceAsync(fresh
                    => SetCatchUpPausedAsync(run.OtherClient, fresh ? null : job, job?.JobId, paused: false, cancel))
                .ConfigureAwait(false);
            if (failed == null)
            {
                run.OtherJob = done.Job;
                return done.Wrote ? StepOutcome.Changed(done.Outcome) : StepOutcome.Done(done.Outcome);
            }
            run.Pending($"it is triggered but its catch-up job could not be resumed, so it is not being caught up: {failed}");
            return StepOutcome.Done("failed: " + failed);
        }

        private static async Task<StepOutcome> VerifyAsync(SwitchRun run, CancellationToken cancel)
        {
            // Both pipelines read again, in one round; each catch-up job as this switch left it.
            var after = await RegionReader.ReadBothAsync(r =>
            {
                var (known, job) = r == run.Target ? (run.TargetState, run.TargetJob ?? run.TargetState?.Job)
                    : (run.OtherState, run.OtherJob ?? run.OtherState?.Job);
                return known != null
                    ? RegionReader.SettleAsync(run.Pair, r, run.Session, known, job, cancel)
                    : RegionReader.ReadAsync(run.Pair, r, run.Session, cancel);
            }).ConfigureAwait(false);
            var result = run.Result!;
            result.Primary = after[0].Status;
            result.Secondary = after[1].Status;
            result.TotalTime = run.Watch.Elapsed;
            Check(run, after[(int)run.Other].State?.Pipeline);
            return StepOutcome.Done($"primary {Describe(after[0].Status)}, secondary {Describe(after[1].Status)}");
        }

        /// <summary>
        /// The end state as read after the last write, or, when there was nothing to do, read again
        /// before saying so. Someone else's promotion or demotion since the first read is a concurrent
        /// change (never a plain "already active"); both regions still running after a planned switch
        /// is BothActive, with the rerun that fixes it.
        /// </summary>
        private static void Check(SwitchRun run, PipelineInfo? otherNow)
        {
            var result = run.Result!;
            var (t, o) = (result[run.Target]!, result[run.Other]!);
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            var status = NextStep.Status(run.Pair.Name);
            if (t.Error != null)
            {
                result.AddFollowUp($"Read {run.Label(run.Target)} after the switch: {t.Error}");
                return;
            }
            var promoted = run.Records.Any(r => r.Step == Promote.Id && r.Wrote);
            var doing = promoted ? $"was switching to {target}" : $"found {target} active";
            if (t.Role != RegionRole.Active)
            {
                var now = o.Error != null ? "unreachable" : o.Mode?.ToLowerInvariant();
                var since = promoted ? "after this command promoted it" : "though this command found it active";
                throw new DrOperationException(DrRefusal.ConcurrentChange,
                    $"{run.Label(run.Target)} is no longer continuous {since}: someone else is switching this pair ({other} is {now}). "
                    + $"Run {status} and decide which region stays active.", next: status);
            }
            // The other region continuous now, when it was triggered as first read or carries a newer
            // promotion marker: someone else promoted it after this command read it. Its job is not
            // read again, so this goes by its settings alone.
            var seen = run.OtherState?.Pipeline;
            if (o.Error == null && !result.PendingDemotion && otherNow?.Spec?.Continuous == true
                && (seen?.Spec?.Continuous != true || PromotedSince(seen, otherNow)))
            {
                var at = MarkerOf(otherNow) is string m ? " at " + m : string.Empty;
                throw new DrOperationException(DrRefusal.ConcurrentChange,
                    $"{run.Label(run.Other)} was made active{at}, while this command {doing}: someone else is switching this pair. "
                    + $"Both are continuous; run {status} and decide which region stays active.", next: status);
            }
            if (o.Error != null || o.Role != RegionRole.Active || result.PendingDemotion) return;
            var rerun = NextStep.SetActiveRegion(run.Pair.Name, run.Target);
            var followUps = result.FollowUps.Count > 0 ? string.Join(" ", result.FollowUps) + " " : string.Empty;
            throw new DrOperationException(DrRefusal.BothActive,
                $"Both regions of pair '{run.Pair.Name}' are running: {target} was made active but {other} is still continuous. {followUps}"
                + $"Run {rerun} again to finish the switch.", next: rerun);
        }

        /// <summary>
        /// Only another command turns a pipeline this one promoted back to triggered (and it then stops
        /// the update): the pair is someone else's to settle, not a failed start.
        /// </summary>
        private static DrOperationException MadeTriggeredMeanwhile(SwitchRun run)
        {
            var status = NextStep.Status(run.Pair.Name);
            return new DrOperationException(DrRefusal.ConcurrentChange,
                $"{run.Label(run.Target)} was made triggered again while this command waited for it to run: someone else is "
                    + $"switching this pair. "
                + $"Run {status} and decide which region stays active.", next: status);
        }

        private static DrOperationException PromotedMeanwhile(SwitchRun run, PipelineInfo fresh)
        {
            var at = MarkerOf(fresh) is string m ? " at " + m : string.Empty;
            var status = NextStep.Status(run.Pair.Name);
            return new DrOperationException(DrRefusal.ConcurrentChange,
                $"{run.Label(run.Other)} was made active{at}, while this command was switching to {Regions.Name(run.Target)}: "
                    + $"someone else is switching this pair. "
                + $"It was not demoted; run {status} and decide which region stays active.", next: status);
        }

        private static string Describe(RegionStatus s)
            => s.Error != null ? "unreachable" : s.PipelineId == null ? "not published" : s.Role == RegionRole.Active ? "active"
                : "standby";
    }
}
