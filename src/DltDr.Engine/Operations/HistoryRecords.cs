using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Output;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;

namespace DltDr.Engine.Operations
{
    /// <summary>The history record of a switch's or a catch-up's result or failure.</summary>
    public static class HistoryRecords
    {
        public static HistoryRecord Of(SwitchResult r) => new HistoryRecord
        {
            Operation = HistoryOperations.Switch,
            From = r.PreviousActiveRegion.ToString(),
            To = r.ActiveRegion.ToString(),
            Planned = !r.Unplanned,
            Steps = r.Steps.Select(s => s.ToString()).ToList(),
            RecoverySeconds = r.RecoveryTime?.TotalSeconds,
            DurationSeconds = r.TotalTime.TotalSeconds,
            Outcome = r.PendingDemotion ? HistoryOutcomes.PendingDemotion : r.Changed ? HistoryOutcomes.Succeeded
                : HistoryOutcomes.NoChange,
            Message = r.PendingDemotion ? r.PendingDemotionReason : r.FollowUps.Count > 0 ? string.Join(" ", r.FollowUps) : null,
        };

        /// <summary>A switch that failed or was refused after it began: the steps it took, when it took any, and its error.</summary>
        public static HistoryRecord OfFailedSwitch(Region target, bool unplanned, TimeSpan duration, string errorId, string message,
            SwitchRun? run = null) => new HistoryRecord
        {
            Operation = HistoryOperations.Switch,
            From = run != null && run.Read ? run.Before.ToString() : null,
            To = target.ToString(),
            Steps = run?.Records.Select(s => s.ToString()).ToList() ?? new List<string>(),
            Planned = !unplanned,
            DurationSeconds = duration.TotalSeconds,
            Outcome = HistoryOutcomes.Failed,
            ErrorId = errorId,
            Message = message,
        };

        /// <summary>A switch stopped midway (Ctrl+C): the steps done, and what they left.</summary>
        public static HistoryRecord OfInterruptedSwitch(ActiveRegion before, Region target, bool unplanned, TimeSpan duration,
            IEnumerable<StepRecord> steps, string message) => new HistoryRecord
        {
            Operation = HistoryOperations.Switch,
            From = before.ToString(),
            To = target.ToString(),
            Planned = !unplanned,
            Steps = steps.Select(s => s.ToString()).ToList(),
            DurationSeconds = duration.TotalSeconds,
            Outcome = HistoryOutcomes.Interrupted,
            Message = message,
        };

        public static HistoryRecord Of(CatchUpResult r) => new HistoryRecord
        {
            Operation = HistoryOperations.CatchUp,
            To = r.Region.ToString(),
            Steps = new[] { $"{r.Region}: catch-up run {r.RunId} of job "
                + $"{r.JobId}{(r.AlreadyRunning ? " (already running)" : string.Empty)}: {r.Result ?? r.State}" },
            DurationSeconds = r.Duration?.TotalSeconds,
            Outcome = r.Result == null || r.Succeeded ? HistoryOutcomes.Succeeded : HistoryOutcomes.Failed,
            ErrorId = r.Result == null || r.Succeeded ? null : nameof(DrRefusal.CatchUpFailed),
            Message = r.Message,
        };

        public static HistoryRecord OfFailedCatchUp(Region? region, TimeSpan duration, string errorId, string message) => new HistoryRecord
        {
            Operation = HistoryOperations.CatchUp,
            To = region?.ToString(),
            DurationSeconds = duration.TotalSeconds,
            Outcome = HistoryOutcomes.Failed,
            ErrorId = errorId,
            Message = message,
        };
    }
}
