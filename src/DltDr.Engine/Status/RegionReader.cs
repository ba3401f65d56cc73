using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;

namespace DltDr.Engine.Status
{
    /// <summary>Reads one region of a pair (its pipeline, updates, catch-up job and runs), bounded by one timeout.</summary>
    public static class RegionReader
    {
        private static readonly string[] FailedRunResults = { "FAILED", "TIMEDOUT", "INTERNAL_ERROR", "UPSTREAM_FAILED" };

        public static async Task<(RegionStatus Status, RegionState? State)> ReadAsync(PairDefinition pair, Region region, Func<WorkspaceClient> client, TimeSpan timeout, CancellationToken cancel)
        {
            var status = new RegionStatus(region, pair[region].Host);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            bounded.CancelAfter(timeout);
            try
            {
                var c = client();
                var state = await new PairLocator(pair, region, c).FindAsync(Ownership.MarkedOnly, bounded.Token).ConfigureAwait(false);
                status.Reachable = true;
                await FillAsync(pair, region, c, state, status, bounded.Token).ConfigureAwait(false);
                status.ServiceNow = c.Transport.ServiceNow;
                return (status, state);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                status.Error = $"no answer within {timeout.TotalSeconds:0.#} s";
            }
            catch (DatabricksApiException ex) when (ex.IsUnreachable)
            {
                status.Error = ex.Message;
            }
            catch (Exception ex) when (ex is DatabricksApiException || ex is CredentialException || ex is PublishConflictException)
            {
                status.Reachable = !(ex is CredentialException);
                status.Error = ex.Message;
            }
            return (status, null);
        }

        private static async Task FillAsync(PairDefinition pair, Region region, WorkspaceClient c, RegionState state, RegionStatus s, CancellationToken cancel)
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
                if (p.Spec?.Tags != null && p.Spec.Tags.TryGetValue(Markers.PromotedAtTag, out var promoted)) s.PromotedAt = Markers.ParseTime(promoted);
                var updates = await c.Pipelines.ListUpdatesAsync(p.PipelineId!, 25, cancel).ConfigureAwait(false);
                var good = updates.FirstOrDefault(u => u.State == "COMPLETED" || (continuous && u.State == "RUNNING"));
                if (good?.CreationTime != null) s.LastSuccessfulUpdate = DateTimeOffset.FromUnixTimeMilliseconds(good.CreationTime.Value);
                var desired = DesiredState.Pipeline(pair, region, continuous);
                s.Drift = SettingsDiff.Pipeline(desired, Databricks.Models.ApiJson.Write(p.Spec ?? new Databricks.Models.PipelineSettings()));
            }
            var job = state.Job;
            if (job?.Settings != null)
            {
                s.CatchUpJobId = job.JobId;
                var sched = job.Settings.Schedule;
                if (sched != null)
                {
                    s.CatchUpSchedule = $"{sched.QuartzCronExpression} ({sched.TimezoneId})";
                    s.CatchUpPaused = sched.PauseStatus == Databricks.Models.CronSchedule.Paused;
                }
                var runs = await c.Jobs.ListRunsAsync(job.JobId, activeOnly: false, limit: 10, cancel).ConfigureAwait(false);
                var newest = runs.FirstOrDefault();
                if (newest != null)
                {
                    s.LastCatchUpRun = newest.StartTime is long start ? DateTimeOffset.FromUnixTimeMilliseconds(start) : (DateTimeOffset?)null;
                    s.LastCatchUpResult = newest.State?.ResultState ?? newest.State?.LifeCycleState;
                }
                var completed = runs.FirstOrDefault(r => r.IsTerminal && r.State?.ResultState != "CANCELED" && r.State?.LifeCycleState != "SKIPPED");
                s.LastCatchUpFailed = completed != null && FailedRunResults.Contains(completed.State?.ResultState ?? string.Empty);
            }
        }
    }
}
