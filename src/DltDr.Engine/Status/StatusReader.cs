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

namespace DltDr.Engine.Status
{
    /// <summary>
    /// Reads both regions of a pair at once, each bounded in time, and judges the pair: which region
    /// is active and every problem named in the DR semantics. Reads only.
    /// </summary>
    public sealed class StatusReader
    {
        private readonly PairDefinition _pair;
        private readonly DrSession _session;
        private readonly StatusOptions _options;

        public StatusReader(PairDefinition pair, DrSession session, StatusOptions options)
        {
            _pair = pair;
            _session = session;
            _options = options;
        }

        public async Task<PairStatus> ReadAsync(CancellationToken cancel)
        {
            var reads = await RegionReader.ReadBothAsync(r => RegionReader.ReadAsync(_pair, r, _session, cancel)).ConfigureAwait(false);
            return Judge(_pair, reads[0].Status, reads[1].Status, _options, _session.Clock.UtcNow);
        }

        /// <summary>The pair's active region and problems, from its two regions as read.</summary>
        /// <param name="localNow">The local time, used only when no workspace answered with its own.</param>
        public static PairStatus Judge(PairDefinition pair, RegionStatus primary, RegionStatus secondary, StatusOptions options, DateTimeOffset localNow)
        {
            var now = new[] { primary.ServiceNow, secondary.ServiceNow }.Where(t => t != null).Select(t => t!.Value).DefaultIfEmpty(localNow).Max();
            var problems = new List<StatusProblem>();
            var regions = new[] { primary, secondary };
            foreach (var r in regions)
            {
                var name = Name(r.Region);
                if (r.Error != null)
                {
                    problems.Add(r.Failure switch
                    {
                        RegionFailure.Unreachable => new StatusProblem(StatusProblemCodes.RegionUnreachable, r.Region, $"{name} ({r.Host}) is unreachable: {r.Error}"),
                        RegionFailure.AuthenticationFailed => new StatusProblem(StatusProblemCodes.AuthenticationFailed, r.Region, $"{name} ({r.Host}) refused the credentials, so it could not be read (it may be running): {r.Error}"),
                        RegionFailure.PermissionDenied => new StatusProblem(StatusProblemCodes.PermissionDenied, r.Region, $"{name} ({r.Host}) denied the identity the rights to read the pair: {r.Error}"),
                        _ => new StatusProblem(StatusProblemCodes.RegionError, r.Region, $"{name} ({r.Host}) could not be read: {r.Error}"),
                    });
                    continue;
                }
                if (r.PipelineId == null)
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.NotPublished, r.Region, $"{name} has no pipeline of pair '{pair.Name}'. Run Publish-DltDrPipeline -Pair {pair.Name}."));
                    continue;
                }
                if (r.CatchUpJobId == null)
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.NotPublished, r.Region, $"{name} has no catch-up job. Run Publish-DltDrPipeline -Pair {pair.Name}."));
                }
                else if (r.Role == RegionRole.Active && r.CatchUpPaused != true)
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.ModeJobMismatch, r.Region, $"{name} runs continuously but its catch-up job is not paused: the job would start updates against the running pipeline."));
                }
                else if (r.Role == RegionRole.Standby && r.CatchUpPaused != false && !IsActive(Other(r, primary, secondary)))
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.ModeJobMismatch, r.Region, $"{name} is triggered (standby) but its catch-up job is paused: it is not being caught up."));
                }
                if (r.Role == RegionRole.Active && r.LatestUpdateState == UpdateStates.Failed && r.PromotedAt != null && r.LatestUpdateTime >= r.PromotedAt)
                {
                    // The update the promotion started failed: the region is continuous but processes nothing.
                    problems.Add(new StatusProblem(StatusProblemCodes.PromotionFailed, r.Region,
                        $"{name} was promoted at {Markers.FormatTime(r.PromotedAt.Value)} but its update {r.LatestUpdateId} failed: {r.LatestUpdateError ?? "see the pipeline's event log"}. Fix the cause, then run Set-DltDrActiveRegion -Pair {pair.Name} (either region) or Publish-DltDrPipeline -Pair {pair.Name}."));
                }
                else if (r.Role == RegionRole.Active && (r.PipelineState == PipelineStates.Failed || r.PipelineState == PipelineStates.Idle || r.LatestUpdateState == UpdateStates.Failed))
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.ActiveNotRunning, r.Region, $"{name} is the continuous pipeline but is {r.PipelineState} (latest update {r.LatestUpdateState ?? "none"})."));
                }
                if (r.Role == RegionRole.Standby && r.LastCatchUpFailed)
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.CatchUpFailing, r.Region, $"{name}'s last catch-up run failed ({r.LastCatchUpResult})."));
                }
                if (r.Role == RegionRole.Standby && r.CatchUpPaused == false)
                {
                    var stale = StaleSince(pair, r, now, options.CatchUpGrace);
                    if (stale != null) problems.Add(new StatusProblem(StatusProblemCodes.StaleStandby, r.Region, stale));
                }
                if (r.Drift.Count > 0)
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.SettingsDrift, r.Region, $"{name}'s pipeline differs from the definition: {string.Join("; ", r.Drift.Select(d => d.ToString()))}. Run Publish-DltDrPipeline to put it back."));
                }
            }

            problems.AddRange(UnfinishedDemotions(pair, primary, secondary));
            var active = ActiveOf(primary, secondary);
            var lag = StandbyLag(active, primary, secondary, now);
            if (lag != null && options.MaxStandbyLag != null && lag > options.MaxStandbyLag)
            {
                var standby = active == ActiveRegion.Primary ? secondary : primary;
                problems.Add(new StatusProblem(StatusProblemCodes.StandbyLagging, standby.Region,
                    $"{Name(standby.Region)} is {Describe(lag.Value)} behind the active region, more than the {Describe(options.MaxStandbyLag.Value)} allowed. Run Invoke-DltDrCatchUp -Pair {pair.Name}."));
            }
            if (active == ActiveRegion.Both)
            {
                problems.Add(new StatusProblem(StatusProblemCodes.BothActive, null, "Both pipelines are continuous: both regions are processing."));
                var (intended, pending) = PendingDemotion(primary, secondary);
                if (pending != null)
                {
                    problems.Add(new StatusProblem(StatusProblemCodes.PendingDemotion, pending.Region,
                        $"{Name(pending.Region)} is pending demotion and may still be running: {Name(intended!.Region)} was promoted at {Markers.FormatTime(intended.PromotedAt!.Value)}. Run Set-DltDrActiveRegion -Pair {pair.Name} -Region {Name(intended.Region)} to finish it."));
                }
            }
            else if (active == ActiveRegion.None)
            {
                problems.Add(new StatusProblem(StatusProblemCodes.NoneActive, null, "Neither pipeline is continuous: no region is processing."));
            }
            return new PairStatus(pair, active, primary, secondary, problems, now, lag);
        }

        /// <summary>
        /// A standby whose demotion did not finish while the other region runs: its update from before
        /// the other's promotion still going (it may still process), or its catch-up job left paused
        /// (it is not caught up). Both are what a switch that lost the region midway leaves behind.
        /// </summary>
        private static IEnumerable<StatusProblem> UnfinishedDemotions(PairDefinition pair, RegionStatus primary, RegionStatus secondary)
        {
            foreach (var r in new[] { primary, secondary })
            {
                var other = Other(r, primary, secondary);
                if (!Known(r) || r.Role != RegionRole.Standby || !IsActive(other)) continue;
                var finish = $"Run Set-DltDrActiveRegion -Pair {pair.Name} -Region {Name(other.Region)} to finish it.";
                if (UpdateStates.IsActive(r.LatestUpdateState) && r.LatestUpdateCause != UpdateCauses.JobTask && other.PromotedAt != null && r.LatestUpdateTime < other.PromotedAt)
                {
                    yield return new StatusProblem(StatusProblemCodes.PendingDemotion, r.Region,
                        $"{Name(r.Region)} is triggered but its update {r.LatestUpdateId}, started before {Name(other.Region)} was promoted at {Markers.FormatTime(other.PromotedAt.Value)}, is still {r.LatestUpdateState}: its demotion did not finish and it may still be processing. {finish}");
                }
                if (r.CatchUpJobId != null && r.CatchUpPaused != false)
                {
                    yield return new StatusProblem(StatusProblemCodes.PendingDemotion, r.Region,
                        $"{Name(r.Region)} is triggered (standby) but its catch-up job is paused: its demotion did not finish, so it is not being caught up. {finish}");
                }
            }
        }

        private static RegionStatus Other(RegionStatus r, RegionStatus primary, RegionStatus secondary) => r.Region == Region.Primary ? secondary : primary;

        /// <summary>Read and published: its role is known.</summary>
        private static bool Known(RegionStatus r) => r.Error == null && r.PipelineId != null;

        /// <summary>Read, published and continuous.</summary>
        private static bool IsActive(RegionStatus r) => Known(r) && r.Role == RegionRole.Active;

        private static ActiveRegion ActiveOf(RegionStatus p, RegionStatus s)
        {
            var pActive = IsActive(p);
            var sActive = IsActive(s);
            if (pActive && sActive) return ActiveRegion.Both;
            if (Known(p) && Known(s)) return pActive ? ActiveRegion.Primary : sActive ? ActiveRegion.Secondary : ActiveRegion.None;
            // One region is unknown: a region seen active is active; otherwise the unknown one may be.
            if (pActive) return ActiveRegion.Primary;
            if (sActive) return ActiveRegion.Secondary;
            return ActiveRegion.Unknown;
        }

        /// <summary>When both are continuous, the one promoted last is intended; the other is pending demotion.</summary>
        public static (RegionStatus? Intended, RegionStatus? Pending) PendingDemotion(RegionStatus p, RegionStatus s)
            => Markers.LastPromoted(p.PromotedAt, s.PromotedAt) switch
            {
                Region.Primary => (p, s),
                Region.Secondary => (s, p),
                _ => (null, null),
            };

        private static string? StaleSince(PairDefinition pair, RegionStatus r, DateTimeOffset now, TimeSpan grace)
        {
            CronMatcher matcher;
            try
            {
                matcher = CronMatcher.Parse(pair.CatchUp.QuartzCron);
            }
            catch (FormatException)
            {
                return null;
            }
            var due = matcher.PreviousFiring(now - grace, pair.CatchUp.Zone, TimeSpan.FromDays(35));
            if (due == null) return null;
            var fresh = r.FreshAsOf ?? r.LastSuccessfulUpdate;
            if (fresh == null)
                return $"{Name(r.Region)} has never processed data, and its catch-up was due at {Markers.FormatTime(due.Value)}. Run Invoke-DltDrCatchUp -Pair {pair.Name}.";
            if (fresh < due)
                return $"{Name(r.Region)}'s data was last processed at {Markers.FormatTime(fresh.Value)}, before its catch-up due at {Markers.FormatTime(due.Value)}. Run Invoke-DltDrCatchUp -Pair {pair.Name}.";
            return null;
        }

        /// <summary>The active region's freshness minus the standby's, when one region is clearly active.</summary>
        private static TimeSpan? StandbyLag(ActiveRegion active, RegionStatus primary, RegionStatus secondary, DateTimeOffset now)
        {
            if (active != ActiveRegion.Primary && active != ActiveRegion.Secondary) return null;
            var (a, s) = active == ActiveRegion.Primary ? (primary, secondary) : (secondary, primary);
            if (a.FreshAsOf == null || s.FreshAsOf == null || s.Error != null) return null;
            var lag = a.FreshAsOf.Value - s.FreshAsOf.Value;
            return lag < TimeSpan.Zero ? TimeSpan.Zero : lag;
        }

        private static string Describe(TimeSpan t)
            => t.TotalDays >= 1 ? $"{t.TotalDays:0.#} days" : t.TotalHours >= 1 ? $"{t.TotalHours:0.#} hours" : $"{Math.Max(t.TotalMinutes, 0):0} minutes";

        internal static string Name(Region r) => Regions.Name(r);
    }
}
