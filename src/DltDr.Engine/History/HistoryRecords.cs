using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;

namespace DltDr.Engine.History
{
    /// <summary>The history record of each operation's result or failure.</summary>
    public static class HistoryRecords
    {
        /// <summary>
        /// Refusals made before the first write (a region unreachable, not published, refused
        /// credentials, an invalid definition) are the command's own output, not history: nothing
        /// happened to the pair, and "nothing written" stays true.
        /// </summary>
        public static bool IsRefusalBeforeWrite(Exception ex) => ex switch
        {
            DrOperationException dr => dr.Reason == DrRefusal.TargetUnreachable || dr.Reason == DrRefusal.OtherRegionUnreachable
                || dr.Reason == DrRefusal.NotPublished || dr.Reason == DrRefusal.CatchUpOnActiveRegion || dr.Reason == DrRefusal.NoStandbyRegion
                || dr.Reason == DrRefusal.AuthenticationFailed || dr.Reason == DrRefusal.PermissionDenied || dr.Reason == DrRefusal.UpstreamFailed,
            Auth.CredentialException _ => true,
            PairDefinitionException _ => true,
            _ => false,
        };

        public static HistoryRecord Of(SwitchResult r) => new HistoryRecord
        {
            Operation = HistoryOperations.Switch,
            From = r.PreviousActiveRegion.ToString(),
            To = r.ActiveRegion.ToString(),
            Planned = !r.Unplanned,
            Steps = r.Steps.Select(s => s.ToString()).ToList(),
            RecoverySeconds = r.RecoveryTime?.TotalSeconds,
            DurationSeconds = r.TotalTime.TotalSeconds,
            Outcome = r.PendingDemotion ? HistoryOutcomes.PendingDemotion : r.Changed ? HistoryOutcomes.Succeeded : HistoryOutcomes.NoChange,
            Message = r.PendingDemotion ? r.PendingDemotionReason : r.FollowUps.Count > 0 ? string.Join(" ", r.FollowUps) : null,
        };

        public static HistoryRecord OfFailedSwitch(Region target, bool unplanned, TimeSpan duration, string errorId, string message) => new HistoryRecord
        {
            Operation = HistoryOperations.Switch,
            To = target.ToString(),
            Planned = !unplanned,
            DurationSeconds = duration.TotalSeconds,
            Outcome = HistoryOutcomes.Failed,
            ErrorId = errorId,
            Message = message,
        };

        public static HistoryRecord Of(CatchUpResult r) => new HistoryRecord
        {
            Operation = HistoryOperations.CatchUp,
            To = r.Region.ToString(),
            Steps = new[] { $"{r.Region}: catch-up run {r.RunId} of job {r.JobId}{(r.AlreadyRunning ? " (already running)" : string.Empty)}: {r.Result ?? r.State}" },
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

        /// <summary>A publish: the changes made in each region; failed if any region failed.</summary>
        public static HistoryRecord OfPublish(IEnumerable<RegionPlan> applied, IEnumerable<(Region Region, string ErrorId, string Message)> failed, TimeSpan duration)
        {
            var failures = failed.ToList();
            var steps = applied.SelectMany(p => p.Resources.Where(r => r.Action != PlanAction.None).Select(r => $"{p.Region}: {r.Kind} {r.Action} {r.Name}")).ToList();
            steps.AddRange(failures.Select(f => $"{f.Region}: failed ({f.ErrorId})"));
            return new HistoryRecord
            {
                Operation = HistoryOperations.Publish,
                Steps = steps,
                DurationSeconds = duration.TotalSeconds,
                Outcome = failures.Count > 0 ? HistoryOutcomes.Failed : steps.Count > 0 ? HistoryOutcomes.Succeeded : HistoryOutcomes.NoChange,
                ErrorId = failures.FirstOrDefault().ErrorId,
                Message = failures.Count > 0 ? string.Join(" ", failures.Select(f => f.Message)) : null,
            };
        }
    }
}
