using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Deployment;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// The writes a switch makes to one region, each reading before it writes so that running it
    /// again converges: the pipeline's mode (with the promotion marker) and the catch-up schedule.
    /// </summary>
    internal static class PairWrites
    {
        /// <summary>A conditional edit found the settings changed by someone else's switch.</summary>
        internal sealed class ConcurrentEdit : Exception
        {
            public ConcurrentEdit(PipelineInfo now) => Now = now;

            /// <summary>The pipeline as read after the conflict.</summary>
            public PipelineInfo Now { get; }
        }

        /// <summary>
        /// Sets continuous (and the promotion marker) with a conditional edit. A conflict, or an answer
        /// lost, means the settings may have changed since they were read: read again, and edit only
        /// if still needed. Answers the pipeline as written (not read again) and whether this call wrote.
        /// Not a second retry layer: the transport repeats attempts as its table says
        /// (<see cref="AttemptRules"/>) and never repeats an edit whose outcome it does not know; this
        /// decides again, once, from a fresh read, which only the step knows how to do.
        /// </summary>
        /// <param name="force">Edit even when the mode is already right (to mark it promoted now).</param>
        /// <param name="stillOurs">After a conflict, whether the settings read again may still be changed by this command.</param>
        /// <param name="conflicted">Hears that the settings had changed since they were read (someone else's hand).</param>
        public static async Task<(PipelineInfo Pipeline, bool Wrote)> SetContinuousAsync(WorkspaceClient client, PipelineInfo pipeline,
            bool continuous,
            DateTimeOffset? promotedAt, CancellationToken cancel, bool removeMarker = false, bool force = false, Func<PipelineInfo,
                bool>? stillOurs = null, DateTimeOffset? demotedAt = null, Action? conflicted = null)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (pipeline.Spec?.Continuous == continuous && !removeMarker && !force) return (pipeline, false);
                var spec = ApiJson.DeepCopy(pipeline.Spec ?? new PipelineSettings());
                spec.Continuous = continuous;
                spec.Tags ??= new Dictionary<string, string>();
                if (promotedAt != null) spec.Tags[Markers.PromotedAtTag] = Markers.FormatTime(promotedAt.Value);
                if (removeMarker) spec.Tags.Remove(Markers.PromotedAtTag);
                if (demotedAt != null) spec.Tags[Markers.DemotedAtTag] = Markers.FormatTime(demotedAt.Value);
                try
                {
                    await client.Pipelines.EditAsync(pipeline.PipelineId!, spec, pipeline.LastModified, cancel).ConfigureAwait(false);
                    // As written, without a read: its updates as read before; a later conditional edit reads first.
                    var written = ApiJson.DeepCopy(pipeline);
                    written.Spec = spec;
                    written.LastModified = null;
                    return (written, true);
                }
                catch (DatabricksApiException ex) when (attempt == 0 && (ex.IsConflict || ex.OutcomeUnknown || ex.IsServerError))
                {
                    // Changed under us, or the answer was lost: read again and decide again.
                    if (ex.IsConflict) conflicted?.Invoke();
                    pipeline = await client.Pipelines.GetAsync(pipeline.PipelineId!, cancel).ConfigureAwait(false);
                    removeMarker = removeMarker && pipeline.Spec?.Tags?.ContainsKey(Markers.PromotedAtTag) == true;
                    force = force && !(promotedAt != null && MarkerOf(pipeline) == Markers.FormatTime(promotedAt.Value));
                    if (pipeline.Spec?.Continuous == continuous && !removeMarker && !force) return (pipeline, false);
                    if (stillOurs != null && !stillOurs(pipeline)) throw new ConcurrentEdit(pipeline);
                }
            }
        }

        /// <summary>
        /// Pauses or resumes the catch-up schedule; reads the job first when <paramref name="job"/> is
        /// null. Answers what was done: "paused", "unpaused", "already ...", or why nothing could be.
        /// Unconditional, and so idempotent: the runner tries it again from a fresh read when it fails.
        /// </summary>
        public static async Task<(string Outcome, bool Wrote, Job? Job)> SetCatchUpPausedAsync(WorkspaceClient client, Job? job,
            long? jobId,
            bool paused, CancellationToken cancel)
        {
            if (job == null && jobId != null) job = await client.Jobs.GetAsync(jobId.Value, cancel).ConfigureAwait(false);
            var schedule = job?.Settings?.Schedule;
            var want = paused ? CronSchedule.Paused : CronSchedule.Unpaused;
            if (job == null || schedule == null) return ("no catch-up job (publish the pair)", false, job);
            if (schedule.PauseStatus == want) return ("already " + want.ToLowerInvariant(), false, job);
            var updated = ApiJson.DeepCopy(schedule);
            updated.PauseStatus = want;
            await client.Jobs.UpdateAsync(job.JobId, new JObject { ["schedule"] = ApiJson.Write(updated) }, null,
                cancel).ConfigureAwait(false);
            var after = ApiJson.DeepCopy(job);
            after.Settings!.Schedule = updated;
            return (want.ToLowerInvariant(), true, after);
        }

        /// <summary>The pipeline carries another promotion marker than when this command first read it.</summary>
        public static bool PromotedSince(PipelineInfo? seen, PipelineInfo now) => MarkerOf(now) != null && MarkerOf(now) != MarkerOf(seen);

        public static string? MarkerOf(PipelineInfo? p)
            => p?.Spec?.Tags != null && p.Spec.Tags.TryGetValue(Markers.PromotedAtTag, out var m) ? m : null;
    }
}
