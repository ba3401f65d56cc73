using System;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Publishing
{
    /// <summary>The history record of a publish.</summary>
    public static class PublishHistory
    {
        /// <summary>A publish: the changes made in each region; failed if any region failed.</summary>
        public static HistoryRecord Of(IEnumerable<RegionPlan> applied, IEnumerable<(Region Region, string ErrorId, string Message)> failed,
            TimeSpan duration)
        {
            var failures = failed.ToList();
            var steps = applied.SelectMany(p
                => p.Resources.Where(r => r.Action != PlanAction.None).Select(r => $"{p.Region}: {r.Kind} {r.Action} {r.Name}")).ToList();
            steps.AddRange(failures.Select(f => $"{f.Region}: failed ({f.ErrorId})"));
            return new HistoryRecord
            {
                Operation = HistoryOperations.Publish,
                Steps = steps,
                DurationSeconds = duration.TotalSeconds,
                Outcome = failures.Count > 0 ? HistoryOutcomes.Failed : steps.Count > 0 ? HistoryOutcomes.Succeeded
                    : HistoryOutcomes.NoChange,
                ErrorId = failures.FirstOrDefault().ErrorId,
                Message = failures.Count > 0 ? string.Join(" ", failures.Select(f => f.Message)) : null,
            };
        }
    }
}
