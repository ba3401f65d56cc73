using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.History;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Invoke-DltDrCatchUp: runs the standby region's catch-up now, through its job with an
    /// idempotency token, and with -Wait follows it to the end. Refuses the active region.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "DltDrCatchUp", DefaultParameterSetName = ByPair, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CatchUpResult))]
    public sealed class InvokeDltDrCatchUpCommand : PairCmdlet
    {
        /// <summary>The region to catch up; the standby region when left out. The active region is refused.</summary>
        [Parameter]
        public Region? Region { get; set; }

        /// <summary>Follow the run (with progress) until it ends, and report how it ended.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Recompute all tables instead of an incremental update.</summary>
        [Parameter]
        public SwitchParameter FullRefresh { get; set; }

        /// <summary>With -Wait, how long to follow the run before giving up (the run goes on).</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int TimeoutMinutes { get; set; } = 120;

        protected override void ProcessPairs()
        {
            var approved = Pairs.Where(p => ShouldProcess(p.Name, Region == null ? "Run the standby region's catch-up now" : $"Run the {Region.Value.ToString().ToLowerInvariant()} region's catch-up now")).ToList();
            var queue = new PipelineThreadQueue();
            using var session = OpenSession(queue);
            queue.Run(approved, ThrottleLimit, async pair =>
            {
                var progress = NewProgress(queue, $"Catch-up of {pair.Name}");
                var clock = session.Clock.StartWatch();
                HistoryRecord? record;
                try
                {
                    var runner = new CatchUpRunner(pair, session);
                    var result = await runner.RunAsync(Region, FullRefresh.IsPresent, Wait.IsPresent ? TimeSpan.FromMinutes(TimeoutMinutes) : (TimeSpan?)null, progress, Cancel).ConfigureAwait(false);
                    // The earlier invocation recorded this run: a rerun that only finds it adds nothing.
                    record = result.AlreadySucceeded ? null : HistoryRecords.Of(result);
                    queue.Post(() =>
                    {
                        progress.Complete();
                        if (result.AlreadySucceeded)
                        {
                            var (at, again) = result.Started is DateTimeOffset started
                                ? (" at " + Markers.FormatTime(started), $"; a new one can be started from {Markers.FormatTime(started + CatchUpRunner.RerunWindow)}, or the schedule runs it")
                                : (string.Empty, string.Empty);
                            WriteWarning($"{pair.Name}: catch-up run {result.RunId}, started by an earlier Invoke-DltDrCatchUp{at}, already succeeded; no new run was started. A rerun within {CatchUpRunner.RerunWindow.TotalMinutes:0} minutes of a catch-up DltDr started answers with that run{again}.");
                        }
                        WriteObject(result);
                        if (result.Result != null && !result.Succeeded)
                        {
                            var failure = new DrOperationException(DrRefusal.CatchUpFailed, $"{pair.Name}/{result.Region.ToString().ToLowerInvariant()}: catch-up run {result.RunId} ended {result.Result}{(result.Message != null ? ": " + result.Message : string.Empty)} ({result.RunPageUrl}).");
                            WriteError(ErrorMapping.ToRecord(failure, pair.Name));
                        }
                    });
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    queue.Post(() =>
                    {
                        progress.Complete();
                        WriteError(ErrorMapping.ToRecord(ex, pair.Name));
                    });
                    record = FailureRecord(ex, (id, message) => HistoryRecords.OfFailedCatchUp(Region, clock.Elapsed, id, message));
                }
                if (record != null) await RecordHistoryAsync(queue, session, pair, record).ConfigureAwait(false);
            }, Cancel);
        }
    }
}
