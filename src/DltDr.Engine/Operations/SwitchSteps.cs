using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
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
    /// runs, a failed side step does not stop the demotion but becomes a named follow-up. Each step
    /// applies or not by what the switch has observed of the two regions (<see cref="SwitchRun"/>),
    /// and reads before it writes, so a rerun after any interruption converges, a rerun with nothing
    /// to do writes nothing, and a change by another operator met midway is acted on as found: the
    /// newest promotion wins, and a switch that lost puts back what it changed itself
    /// (<see cref="PutBack"/>). <see cref="All"/> is the order they run in; progress, -WhatIf, the
    /// history, the help's step list (rendered from it by tests/DltDr.Tests/Module/HelpTables.cs) and
    /// the fault tests all read it.
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
            needs: "nothing read yet; then the target answers and is published, and the other answers or -Unplanned",
            leaves: "nothing changed",
            leavesProblems: Nothing, StepFailure.Stops, whatIf: "read both regions", ReadAsync,
            applies: r => !r.Read);

        /// <summary>2. The target's pipeline continuous (the service starts it), marked with the service's time.</summary>
        public static readonly SwitchStep Promote = new SwitchStep("promote", "Promote pipeline (continuous)", StepRegion.Target,
            "PUT /api/2.0/pipelines/{id}",
            needs: "both regions read, the target not yet decided on",
            leaves: "both regions continuous; the target is starting, its catch-up not yet paused: rerun to finish the switch",
            leavesProblems: Promoted, StepFailure.Stops, whatIf: "promote {target} (continuous)", PromoteAsync,
            applies: r => r.Read && !r.Claimed && r.Lost == null,
            putBack: "made triggered again, its update stopped (once the region another operator made active runs)");

        /// <summary>
        /// 3. The target's catch-up paused, alongside the steps after it (done before verify): a
        /// jobs/update queued under the workspace's limit does not hold up the demotion.
        /// </summary>
        public static readonly SwitchStep PauseCatchUp = new SwitchStep("pause", "Pause catch-up job", StepRegion.Target,
            "POST /api/2.2/jobs/update",
            needs: "the target promoted, with a catch-up job",
            leaves: "both regions continuous, the target's catch-up paused: rerun to finish the switch",
            leavesProblems: BothRunning, StepFailure.FollowUp, whatIf: "pause its catch-up", PauseCatchUpAsync,
            applies: r => r.Claimed && r.Lost == null && r.T.HasJob,
            hasWork: r => r.Claimed && r.Lost == null && r.T.HasJob && !r.T.JobPaused,
            background: true, attempts: 2,
            failure: (r, ex) => $"{PauseCatchUp!.Title} of {r.Label(r.Target)}: {ex.Message}",
            putBack: "resumed");

        /// <summary>
        /// 4. Until the target's update is RUNNING (not with -NoWait, unless others depend on the pair): one listing of the
        /// workspace a tick answers every pair waited on there.
        /// </summary>
        public static readonly SwitchStep WaitRunning = new SwitchStep("wait-running", "Wait for RUNNING", StepRegion.Target,
            "GET /api/2.0/pipelines",
            needs: "the target promoted (not with -NoWait)",
            leaves: "both regions running: rerun to finish the switch",
            leavesProblems: BothRunning, StepFailure.Stops, whatIf: "wait until it runs", WaitRunningAsync,
            applies: r => r.Claimed && r.Lost == null && !r.Options.NoWait,
            hasWork: r => r.Claimed && r.Lost == null && !r.Options.NoWait && !r.T.Running,
            helpNote: "up to -TimeoutMinutes; one listing of the workspace a tick serves every pair waited on there (one pair "
                + "alone reads its pipeline)");

        /// <summary>
        /// 5. The other region's pipeline triggered, conditional on its settings as read (not promoted by someone else meanwhile).
        /// </summary>
        public static readonly SwitchStep Demote = new SwitchStep("demote", "Demote pipeline (triggered)", StepRegion.Other,
            "PUT /api/2.0/pipelines/{id}",
            needs: "the target running (or -NoWait); the other region published",
            leaves: "the other region triggered, its update still running and its catch-up paused: rerun to finish the demotion",
            leavesProblems: DemotionUnfinished, StepFailure.PendingDemotion, whatIf: "demote {other} (triggered)", DemoteAsync,
            applies: r => r.Claimed && r.Lost == null && (r.T.Running || r.Options.NoWait) && (!r.O.Reachable || r.O.Published),
            hasWork: r => r.Claimed && r.Lost == null && (r.T.Running || r.Options.NoWait) && r.O.Reachable && r.O.Continuous,
            failure: (r, ex) => ex is DatabricksApiException api && api.IsUnreachable ? "lost during the demotion"
                : $"its pipeline could not be made triggered and is still continuous: {ex.Message}",
            helpNote: "conditional on the settings as read");

        /// <summary>
        /// 6. The other region's catch-up scheduled again, so the standby stays fresh: alongside the
        /// steps after it (done before verify), as soon as its pipeline is triggered, so the resumes
        /// of many pairs, paced under the workspace's jobs/update limit, start early.
        /// </summary>
        public static readonly SwitchStep ResumeCatchUp = new SwitchStep("resume", "Resume catch-up job", StepRegion.Other,
            "POST /api/2.2/jobs/update",
            needs: "the other region triggered, with a catch-up job",
            leaves: "the other region triggered and its catch-up resumed, its update still running: rerun to finish the demotion",
            leavesProblems: DemotionUnfinished, StepFailure.PendingDemotion, whatIf: "resume its catch-up", ResumeCatchUpAsync,
            applies: r => r.Claimed && r.Lost == null && r.O.Reachable && r.O.Triggered && r.O.HasJob,
            hasWork: r => r.Claimed && r.Lost == null && r.O.Reachable && r.O.Triggered && r.O.HasJob && r.O.JobPaused,
            background: true, attempts: 2,
            failure: (r, ex) => $"it is triggered but its catch-up job could not be resumed, so it is not being caught up: {ex.Message}",
            putBack: "paused again (the region another operator made active runs)");

        /// <summary>7. The other region's running update stopped: turning continuous off does not stop it.</summary>
        public static readonly SwitchStep StopUpdate = new SwitchStep("stop", "Stop the running update", StepRegion.Other,
            "POST /api/2.0/pipelines/{id}/stop",
            needs: "the other region triggered and its update still going, not a catch-up run",
            leaves: "the other region stopping: rerun to finish the demotion",
            leavesProblems: DemotionUnfinished, StepFailure.PendingDemotion, whatIf: "stop its update", StopUpdateAsync,
            applies: r => r.Claimed && r.Lost == null && r.O.Reachable && r.O.Triggered && r.O.RunningOutsideCatchUp,
            attempts: 2,
            failure: (r, ex) => $"it is triggered but its update {r.O.LatestUpdate?.UpdateId} could not be stopped and may still be "
                + $"running: {ex.Message}");

        /// <summary>8. Until the other region's pipeline is IDLE, from the same listing.</summary>
        public static readonly SwitchStep WaitIdle = new SwitchStep("wait-idle", "Wait for IDLE", StepRegion.Other,
            "GET /api/2.0/pipelines",
            needs: "the other region's update stopped by this switch, not yet seen IDLE",
            leaves: "the switch done, once the resume alongside went through",
            leavesProblems: Nothing, StepFailure.PendingDemotion, whatIf: "wait until it is idle", WaitIdleAsync,
            applies: r => r.Lost == null && r.O.Reachable && r.Wrote(StopUpdate) && r.O.Pipeline?.State != PipelineStates.Idle,
            failure: (r, ex) => $"it is triggered but whether its update stopped could not be read: {ex.Message}",
            helpNote: "up to -TimeoutMinutes, as wait-running");

        /// <summary>
        /// 9. Both regions as they are now, in one round, and whether that is what was asked for; the
        /// catch-up jobs are read again too when nothing was changed or another operator's hand was seen.
        /// </summary>
        public static readonly SwitchStep Verify = new SwitchStep("verify", "Read both regions again", StepRegion.Both,
            "GET /api/2.0/pipelines/{id}",
            needs: "both regions read; after the first pass, a write since the last read",
            leaves: "the switch done",
            leavesProblems: Nothing, StepFailure.Stops, whatIf: "read both again", VerifyAsync,
            applies: r => r.Read,
            hasWork: r => r.Read && r.WroteSinceVerify);

        /// <summary>The steps in the order a switch runs them.</summary>
        public static IReadOnlyList<SwitchStep> All { get; } = new[] { Read, Promote, PauseCatchUp, WaitRunning, Demote, ResumeCatchUp,
            StopUpdate, WaitIdle, Verify };

        /// <summary>
        /// After the steps, and only when another operator promoted the other region after this switch
        /// read it (or made the target triggered again): what this switch changed itself is put back,
        /// once the region the other operator made active runs (<see cref="SwitchStep.PutBackText"/>).
        /// </summary>
        public static readonly SwitchStep PutBackStep = new SwitchStep("put-back", "Put back what this switch changed", StepRegion.Both,
            "PUT /api/2.0/pipelines/{id}, POST /api/2.0/pipelines/{id}/stop, POST /api/2.2/jobs/update",
            needs: "another operator's promotion of the other region seen after this switch read it, and a write of this switch",
            leaves: "the other operator's region active; what this switch had not yet put back is said in its error",
            leavesProblems: Nothing, StepFailure.FollowUp, whatIf: "put back what it changed if another operator's switch wins",
            PutBackAsync, applies: r => r.Lost != null && r.WroteAnything);

        /// <summary>The steps that write, as the fault tests and the help list them.</summary>
        public static IReadOnlyList<SwitchStep> Writes => All.Where(s => s.Writes).ToList();

        private static async Task<StepOutcome> ReadAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            var reads = await RegionReader.ReadBothAsync(r
                => RegionReader.LocateAsync(run.Pair, r, run.Session, cancel)).ConfigureAwait(false);
            run.T.Saw(reads[(int)run.Target].Status, reads[(int)run.Target].State);
            run.O.Saw(reads[(int)run.Other].Status, reads[(int)run.Other].State);
            run.Before = StatusReader.Judge(run.Pair, reads[0].Status, reads[1].Status, new StatusOptions(),
                run.Session.Clock.UtcNow).ActiveRegion;
            var outcome = $"primary {Describe(reads[0].Status)}, secondary {Describe(reads[1].Status)}";

            var t = run.T.Status;
            if (t.Error != null) throw t.Unreadable(run.Label(run.Target), "so it cannot be made active");
            if (!run.T.Published || run.T.Job == null)
            {
                var missing = !run.T.Published ? "pipeline" : "catch-up job";
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
            var o = run.O.Status;
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

        private static async Task<StepOutcome> PromoteAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            var (t, o) = (run.T.Status, run.O.Status);
            var pipeline = run.T.Pipeline!;
            // An already continuous target is marked again when the other region was promoted after it.
            var remark = o.Role == RegionRole.Active && o.PromotedAt != null && (t.PromotedAt == null || o.PromotedAt >= t.PromotedAt);
            if (pipeline.Spec?.Continuous == true && !remark)
            {
                run.Decide(run.T.Marker);
                return StepOutcome.Done("already continuous");
            }
            var client = run.TargetClient;
            var promotedAt = client.Transport.ServiceNow ?? run.Session.Clock.UtcNow;
            var (edited, wrote) = await SetContinuousAsync(client, pipeline, continuous: true, promotedAt, cancel,
                force: remark, conflicted: () => run.Contended = true).ConfigureAwait(false);
            run.T.Pipeline = edited;
            run.Decide(run.T.Marker);
            if (!wrote)
            {
                run.Contended = true;
                return StepOutcome.Done("already continuous (changed by someone else)");
            }
            return StepOutcome.Changed(remark && pipeline.Spec?.Continuous == true ? "already continuous; marked active now" : "edited");
        }

        private static async Task<StepOutcome> PauseCatchUpAsync(SwitchRun run, bool fresh, CancellationToken cancel)
            => await SetJobAsync(run, run.T, paused: true, fresh, cancel).ConfigureAwait(false);

        private static async Task<StepOutcome> ResumeCatchUpAsync(SwitchRun run, bool fresh, CancellationToken cancel)
            => await SetJobAsync(run, run.O, paused: false, fresh, cancel).ConfigureAwait(false);

        /// <summary>A region's catch-up paused or resumed, from the job as observed (a retry reads it afresh).</summary>
        private static async Task<StepOutcome> SetJobAsync(SwitchRun run, RegionView view, bool paused, bool fresh,
            CancellationToken cancel)
        {
            var job = view.Job;
            var done = await SetCatchUpPausedAsync(run.ClientOf(view), fresh ? null : job, job?.JobId, paused, cancel)
                .ConfigureAwait(false);
            if (done.Job != null) view.Job = done.Job;
            return done.Wrote ? StepOutcome.Changed(done.Outcome) : StepOutcome.Done(done.Outcome);
        }

        private static async Task<StepOutcome> WaitRunningAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            var client = run.TargetClient;
            bool done;
            PipelineInfo last;
            try
            {
                // The workspace's state listing, shared by every pair waited on there (or a get for one pair).
                (done, last) = await client.Watch.WaitAsync(run.T.Pipeline!.PipelineId!, p =>
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
                run.T.SawState(last);
                if (last.Spec?.Continuous != true)
                {
                    run.Lose($"{run.Label(run.Target)} was made triggered again while this command waited for it to run");
                    return StepOutcome.Done("made triggered by someone else");
                }
            }
            catch (DatabricksApiException ex) when (ex.IsUnreachable && run.OtherReachable && run.O.Continuous)
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
                run.Result!.RecoveryTime ??= run.Watch.Elapsed;
                return StepOutcome.Done(UpdateStates.Running);
            }
            var why = done
                ? $"its update {last.LatestUpdates?.FirstOrDefault()?.UpdateId} ended {state} (pipeline {last.State})"
                : $"its update did not reach RUNNING within {run.Options.WaitTimeout.TotalMinutes:0.#} minutes (it is "
                    + $"{state ?? "not started"})";
            await FailPromotionAsync(run, why, cancel).ConfigureAwait(false);
            return StepOutcome.Done(done ? $"failed: update {state}" : "timed out");
        }

        /// <summary>
        /// The promoted update did not come to run: with the old active region still active, the target
        /// goes back to standby (the same put-back a lost race makes) and the switch fails; otherwise the
        /// target stays promoted, the only region that may run.
        /// </summary>
        private static async Task FailPromotionAsync(SwitchRun run, string why, CancellationToken cancel)
        {
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            // The pause may still be under way: let it end before the rollback resumes the job.
            await run.JoinBackgroundAsync().ConfigureAwait(false);
            run.T.Pipeline = await run.TargetClient.Pipelines.GetAsync(run.T.Pipeline!.PipelineId!, cancel).ConfigureAwait(false);
            // Only another command turns a pipeline we promoted back to triggered (and it then stops the
            // update): the pair is someone else's to settle, not a failed start.
            if (!run.T.Continuous)
            {
                run.Lose($"{run.Label(run.Target)} was made triggered again while this command waited for it to run");
                return;
            }
            if (run.OtherReachable && run.O.Continuous)
            {
                var done = await ReturnToStandbyAsync(run, run.T, removeMarker: true, stopAlways: true, cancel).ConfigureAwait(false);
                run.Record(Promote, run.Target, "rolled back: " + string.Join(", ", done), TimeSpan.Zero, wrote: true);
                throw new DrOperationException(DrRefusal.PromotionFailed,
                    $"{run.Label(run.Target)} could not be made active: {why}. {other} stays active and {target} was returned to standby.");
            }
            var left = run.OtherReachable ? $"{other} was not active either" : $"{other} cannot be reached";
            throw new DrOperationException(DrRefusal.PromotionFailed,
                $"{run.Label(run.Target)} is continuous but not running: {why}. {left}, so {target} stays promoted; the service may "
                    + $"retry the update. "
                + "Check the pipeline's event log.");
        }

        /// <summary>
        /// A region this switch promoted goes back to standby, from its state as observed: triggered
        /// (conditional on the settings read), its update stopped, its catch-up resumed. Answers what it did.
        /// </summary>
        private static async Task<List<string>> ReturnToStandbyAsync(SwitchRun run, RegionView view, bool removeMarker, bool stopAlways,
            CancellationToken cancel)
        {
            var client = run.ClientOf(view);
            var done = new List<string>();
            var id = view.Pipeline!.PipelineId!;
            if (view.Continuous)
            {
                var (edited, wrote) = await SetContinuousAsync(client, view.Pipeline!, continuous: false, null, cancel,
                    removeMarker: removeMarker, demotedAt: removeMarker ? (DateTimeOffset?)null : client.Transport.ServiceNow ??
                        run.Session.Clock.UtcNow).ConfigureAwait(false);
                view.Pipeline = edited;
                if (wrote) done.Add("triggered");
            }
            if (stopAlways || view.RunningOutsideCatchUp)
            {
                await client.Pipelines.StopAsync(id, cancel).ConfigureAwait(false);
                done.Add("update stopped");
            }
            var resumed = await SetCatchUpPausedAsync(client, null, view.Job?.JobId, paused: false, cancel).ConfigureAwait(false);
            if (resumed.Job != null) view.Job = resumed.Job;
            if (resumed.Wrote) done.Add("catch-up resumed");
            return done;
        }

        private static async Task<StepOutcome> DemoteAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            var o = run.O;
            if (!o.Reachable)
            {
                var why = o.Status.Failure switch
                {
                    RegionFailure.AuthenticationFailed => "credentials refused (it answers and is treated as running)",
                    RegionFailure.CredentialsUnavailable => "credentials unavailable (not asked; treated as running)",
                    RegionFailure.PermissionDenied => "permission denied (it answers and is treated as running)",
                    _ => "unreachable",
                };
                run.Pending(why);
                return StepOutcome.Done($"{why}: pending demotion; a rerun of this command finishes it");
            }
            if (!o.Continuous) return StepOutcome.Done("already triggered");
            // Promoted by someone else after this switch read it: theirs is the newer promotion.
            if (o.PromotedSinceFirstRead) return LostTo(run, o.Pipeline!);
            try
            {
                // Conditional on the settings read: a change since (someone else's promotion) is a
                // conflict, after which the settings are read again and decided on.
                var (edited, wrote) = await SetContinuousAsync(run.OtherClient, o.Pipeline!, continuous: false, null, cancel,
                    stillOurs: p => !PromotedSince(o.FirstPipeline, p),
                    demotedAt: run.OtherClient.Transport.ServiceNow ?? run.Session.Clock.UtcNow,
                    conflicted: () => run.Contended = true).ConfigureAwait(false);
                o.Pipeline = edited;
                return wrote ? StepOutcome.Changed("edited") : StepOutcome.Done("already triggered");
            }
            catch (ConcurrentEdit conflict)
            {
                o.Pipeline = conflict.Now;
                return LostTo(run, conflict.Now);
            }
        }

        /// <summary>The other region was promoted by someone else after this switch read it: it is not demoted.</summary>
        private static StepOutcome LostTo(SwitchRun run, PipelineInfo now)
        {
            var at = MarkerOf(now) is string m ? " at " + m : string.Empty;
            run.Lose($"{run.Label(run.Other)} was made active{at}, while this command was switching to {Regions.Name(run.Target)}");
            return StepOutcome.Done("made active by someone else since it was read: not demoted");
        }

        private static async Task<StepOutcome> StopUpdateAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            await run.OtherClient.Pipelines.StopAsync(run.O.Pipeline!.PipelineId!, cancel).ConfigureAwait(false);
            return StepOutcome.Changed("stopped");
        }

        private static async Task<StepOutcome> WaitIdleAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            var (done, last) = await run.OtherClient.Watch.WaitAsync(run.O.Pipeline!.PipelineId!,
                p => p.State == PipelineStates.Idle || p.State == PipelineStates.Failed, run.Session.Options.Polling,
                    run.Options.WaitTimeout,
                p => run.Progress?.Report($"{run.Label(run.Other)}: waiting for IDLE ({p.State})"), cancel).ConfigureAwait(false);
            run.O.SawState(last);
            if (done) return StepOutcome.Done(last.State!);
            run.Pending($"it is triggered but its update {run.O.LatestUpdate?.UpdateId} did not reach IDLE within "
                + $"{run.Options.WaitTimeout.TotalMinutes:0.#} minutes "
                + $"(it is {last.State}) and may still be running");
            return StepOutcome.Done($"still {last.State}");
        }

        private static async Task<StepOutcome> VerifyAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            // Both pipelines read again, in one round; each catch-up job as this switch left it, or read
            // again when this switch changed nothing or saw another operator's hand on the pair.
            var readJobs = !run.WroteAnything || run.Contended || run.Lost != null;
            var after = await RegionReader.ReadBothAsync(r =>
            {
                var view = r == run.Target ? run.T : run.O;
                return view.Pipeline != null
                    ? RegionReader.SettleAsync(run.Pair, r, run.Session, new Deployment.RegionState(view.Pipeline, view.Job), view.Job,
                        cancel, readJob: readJobs)
                    : RegionReader.ReadAsync(run.Pair, r, run.Session, cancel);
            }).ConfigureAwait(false);
            run.T.Saw(after[(int)run.Target].Status, after[(int)run.Target].State);
            run.O.Saw(after[(int)run.Other].Status, after[(int)run.Other].State);
            var result = run.Result!;
            result.Primary = after[0].Status;
            result.Secondary = after[1].Status;
            result.TotalTime = run.Watch.Elapsed;
            Judge(run);
            return StepOutcome.Done($"primary {Describe(after[0].Status)}, secondary {Describe(after[1].Status)}");
        }

        /// <summary>
        /// What the last read says of other operators: the target made triggered again, or the other
        /// region promoted after this switch read it, is a lost race (never a plain "already active").
        /// </summary>
        private static void Judge(SwitchRun run)
        {
            if (run.Lost != null) return;
            var (t, o) = (run.T, run.O);
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            var promoted = run.Wrote(Promote);
            if (t.Reachable && !t.Continuous)
            {
                var now = !o.Reachable ? "unreachable" : o.Status.Mode?.ToLowerInvariant();
                var since = promoted ? "after this command promoted it" : "though this command found it active";
                run.Lose($"{run.Label(run.Target)} is no longer continuous {since} ({other} is {now})");
                return;
            }
            if (o.Reachable && !run.Result!.PendingDemotion && o.PromotedSinceFirstRead)
            {
                var at = o.Marker is string m ? " at " + m : string.Empty;
                var doing = promoted ? $"was switching to {target}" : $"found {target} active";
                run.Lose($"{run.Label(run.Other)} was made active{at}, while this command {doing}");
            }
        }

        /// <summary>
        /// A switch that lost the pair to another operator puts back what it changed itself, once the
        /// region the other operator made active is seen running (so the pair is never left with no
        /// active region): its target triggered again, the update it started stopped, the catch-up it
        /// paused resumed, and the other region's catch-up it resumed paused again. What it cannot put
        /// back safely it leaves, and says so.
        /// </summary>
        private static async Task<StepOutcome> PutBackAsync(SwitchRun run, bool fresh, CancellationToken cancel)
        {
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            var winner = run.O;
            var ours = new List<string>();
            if (run.Wrote(Promote)) ours.Add(target + " continuous");
            if (run.Wrote(PauseCatchUp)) ours.Add($"{target}'s catch-up paused");
            if (run.Wrote(ResumeCatchUp)) ours.Add($"{other}'s catch-up resumed");
            string? blocker = null;
            if (!winner.Reachable) blocker = $"{other} cannot be reached to see it run";
            else if (!winner.Continuous) blocker = $"{other} is not continuous either";
            else if (!winner.Running)
            {
                var (ran, last) = await run.OtherClient.Watch.WaitAsync(winner.Pipeline!.PipelineId!,
                    p => p.LatestUpdates?.FirstOrDefault()?.State == UpdateStates.Running, run.Session.Options.Polling,
                    run.Options.WaitTimeout,
                    p => run.Progress?.Report($"{run.Label(run.Other)}: waiting for RUNNING before putting back"), cancel)
                    .ConfigureAwait(false);
                winner.SawState(last);
                if (!ran) blocker = $"{other} did not come to run within {run.Options.WaitTimeout.TotalMinutes:0.#} minutes";
            }
            if (blocker != null)
            {
                var left = string.Join(", ", ours);
                run.PutBack = new PutBack(string.Empty, $"{left}, because {blocker}");
                return StepOutcome.Done($"left {left}: {blocker}");
            }
            var done = new List<string>();
            if (run.Wrote(ResumeCatchUp) && !winner.JobPaused && winner.HasJob)
            {
                var paused = await SetCatchUpPausedAsync(run.OtherClient, null, winner.Job!.JobId, paused: true, cancel)
                    .ConfigureAwait(false);
                if (paused.Job != null) winner.Job = paused.Job;
                if (paused.Wrote) done.Add($"{other}'s catch-up paused again");
            }
            if (run.Wrote(Promote) || run.Wrote(PauseCatchUp))
            {
                var back = await ReturnToStandbyAsync(run, run.T, removeMarker: false, stopAlways: false, cancel).ConfigureAwait(false);
                if (back.Count > 0) done.Add($"{target} {string.Join(", ", back)}");
            }
            var text = done.Count > 0 ? string.Join("; ", done) : "nothing left to put back";
            run.PutBack = new PutBack(text, null);
            return done.Count > 0 ? StepOutcome.Changed(text) : StepOutcome.Done(text);
        }

        /// <summary>
        /// The switch's answer from its last read: a lost race is a concurrent change, with what was
        /// put back; both regions still running after a planned switch is BothActive, with the rerun.
        /// </summary>
        internal static void Answer(SwitchRun run)
        {
            var result = run.Result!;
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            var status = NextStep.Status(run.Pair.Name);
            if (run.Lost != null) throw LostRace(run, status);
            var t = result[run.Target]!;
            var o = result[run.Other]!;
            if (t.Error != null)
            {
                result.AddFollowUp($"Read {run.Label(run.Target)} after the switch: {t.Error}");
                return;
            }
            if (o.Error != null || o.Role != RegionRole.Active || result.PendingDemotion) return;
            var rerun = NextStep.SetActiveRegion(run.Pair.Name, run.Target);
            var followUps = result.FollowUps.Count > 0 ? string.Join(" ", result.FollowUps) + " " : string.Empty;
            throw new DrOperationException(DrRefusal.BothActive,
                $"Both regions of pair '{run.Pair.Name}' are running: {target} was made active but {other} is still continuous. {followUps}"
                + $"Run {rerun} again to finish the switch.", next: rerun);
        }

        private static DrOperationException LostRace(SwitchRun run, NextStep status)
        {
            var (target, other) = (Regions.Name(run.Target), Regions.Name(run.Other));
            string after;
            if (!run.WroteAnything || run.PutBack == null)
            {
                after = run.T.Continuous && run.O.Continuous
                    ? $"This command changed nothing. Both are continuous; run {status} and decide which region stays active."
                    : $"This command changed nothing; run {status} to see the pair.";
            }
            else if (run.PutBack.Left != null)
            {
                var again = NextStep.SetActiveRegion(run.Pair.Name, run.Other);
                after = $"This command left {run.PutBack.Left}: run {status}, then {again} to settle the pair on {other} "
                    + $"(or {NextStep.SetActiveRegion(run.Pair.Name, run.Target)} to switch again).";
            }
            else
            {
                after = $"Once {other} ran, this command put back what it had changed ({run.PutBack.Done}); {other} stays active. "
                    + $"Run {status} to see the pair.";
            }
            return new DrOperationException(DrRefusal.ConcurrentChange,
                $"{run.Lost}: someone else is switching this pair. {after}", next: status);
        }

        private static string Describe(RegionStatus s)
            => s.Error != null ? "unreachable" : s.PipelineId == null ? "not published" : s.Role == RegionRole.Active ? "active"
                : "standby";
    }
}
