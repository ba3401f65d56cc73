using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
using DltDr.Engine.Deployment;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// Runs the standby's catch-up of each pair now, many at once, and records each in the pair's
    /// history. A rerun within <see cref="CatchUpRunner.RerunWindow"/> that finds the run an earlier
    /// invocation started already succeeded answers with that run, says so and records nothing more.
    /// </summary>
    public sealed class CatchUpCommand
    {
        private readonly DrSession _session;

        public CatchUpCommand(DrSession session) => _session = session;

        /// <summary>The region to catch up; the standby when null. The active region is refused.</summary>
        public Region? Region { get; set; }

        public bool FullRefresh { get; set; }

        /// <summary>How long to follow each run; null returns once it started.</summary>
        public TimeSpan? Wait { get; set; }

        public int ThrottleLimit { get; set; } = 256;

        public Task RunAsync(IEnumerable<PairDefinition> pairs, ICommandOutput output, CancellationToken cancel)
            => Concurrently.ForEachAsync(WorkspaceSpread.Of(pairs), ThrottleLimit, pair => CatchUpAsync(pair, output, cancel), cancel);

        private async Task CatchUpAsync(PairDefinition pair, ICommandOutput output, CancellationToken cancel)
        {
            var activity = output.Activity($"Catch-up of {pair.Name}");
            var watch = _session.Clock.StartWatch();
            HistoryRecord? record;
            try
            {
                var result = await
                    new CatchUpRunner(pair, _session).RunAsync(Region, FullRefresh, Wait, activity, cancel).ConfigureAwait(false);
                activity.Complete();
                // The earlier invocation recorded this run: a rerun that only finds it adds nothing.
                record = result.AlreadySucceeded ? null : HistoryRecords.Of(result);
                if (result.AlreadySucceeded) output.Warning(AlreadySucceeded(pair, result));
                output.Result(result);
                if (result.Result != null && !result.Succeeded)
                {
                    var why = result.Message != null ? ": " + result.Message : string.Empty;
                    output.Error(new DrOperationException(DrRefusal.CatchUpFailed,
                        $"{Regions.Label(pair.Name, result.Region)}: catch-up run {result.RunId} ended {result.Result}{why} "
                            + $"({result.RunPageUrl})."), pair.Name);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Stopped (Ctrl+C): a run the job started goes on in the workspace; say how to follow it.
                activity.Complete();
                output.Stopping($"{pair.Name}: stopped; a catch-up run it started goes on in the workspace. Run "
                    + $"{NextStep.CatchUp(pair.Name)} -Wait within {CatchUpRunner.RerunWindow.TotalMinutes:0} minutes to follow that run "
                    + $"(it starts no second one), or {NextStep.Status(pair.Name)} to see the standby.");
                throw;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                activity.Complete();
                output.Error(ex, pair.Name);
                record = DrOperationException.IsRefusalBeforeWrite(ex) ? null
                    : HistoryRecords.OfFailedCatchUp(Region, watch.Elapsed, ErrorIds.Of(ex), ex.Message);
            }
            if (record != null)
            {
                foreach (var warning in await HistoryLog.AppendAsync(pair, _session, record,
                    cancel).ConfigureAwait(false)) output.Warning(warning);
            }
        }

        private static string AlreadySucceeded(PairDefinition pair, CatchUpResult result)
        {
            var window = CatchUpRunner.RerunWindow;
            var (at, again) = result.Started is DateTimeOffset started
                ? (" at " + Markers.FormatTime(started),
                    $"; a new one can be started from {Markers.FormatTime(started + window)}, or the schedule runs it")
                : (string.Empty, string.Empty);
            return $"{pair.Name}: catch-up run {result.RunId}, started by an earlier catch-up command{at}, already succeeded; no new "
                + $"run was started. "
                + $"A rerun within {window.TotalMinutes:0} minutes of a catch-up DltDr started answers with that run{again}.";
        }
    }
}
