using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Engine.Time;

namespace DltDr.Engine.Readiness
{
    /// <summary>
    /// Test-DltDrFailover: could the standby take over now? Reads both regions as status does,
    /// asks each who the caller is, runs a validate_only update of the standby's pipeline (which
    /// checks the graph, settings and access and processes no data: the only write), and reads the
    /// history for the recovery time to expect. Changes no setting in either region and never
    /// makes a pipeline continuous.
    /// </summary>
    public sealed class ReadinessChecker
    {
        private readonly PairDefinition _pair;
        private readonly DrSession _session;
        private readonly StatusOptions _status;
        private readonly TimeSpan _validationTimeout;
        private readonly Polling _polling;

        public ReadinessChecker(PairDefinition pair, DrSession session, StatusOptions status, TimeSpan validationTimeout)
        {
            _pair = pair;
            _session = session;
            _status = status;
            _validationTimeout = validationTimeout;
            _polling = session.Options.Polling;
        }

        /// <summary>Whether to run the validate_only update (its only write); otherwise the check is skipped.</summary>
        public bool Validate { get; set; } = true;

        /// <param name="target">The region to fail over to; the standby when null.</param>
        public async Task<FailoverReadiness> CheckAsync(Region? target, CancellationToken cancel, IProgress<string>? progress = null)
        {
            void Say(string line) => progress?.Report($"{_pair.Name}: {line}");
            Say("reading both regions and the history");
            // 1. Both regions, as status reads them, and the history, at once.
            var statusRead = new StatusReader(_pair, _session, _status).ReadAsync(cancel);
            var historyRead = HistoryLog.ReadAsync(_pair, _session, cancel);
            var status = await statusRead.ConfigureAwait(false);
            var to = target ?? Standby(status);
            var checks = StatusChecks(status, to, await CredentialsAsync(status, cancel).ConfigureAwait(false));

            foreach (var c in checks) Say(c.ToString());
            // 2. The standby's graph, settings and access, validated by the service.
            if (Validate) Say($"validating {Regions.Name(to)}'s pipeline (a validate-only update)");
            checks.Add(Validate
                ? await ValidateOrFailAsync(status[to], cancel).ConfigureAwait(false)
                : new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Skipped,
                    "left out (-SkipValidation): nothing was written"));

            // 3. What the history says a recovery takes.
            var (records, _) = await historyRead.ConfigureAwait(false);
            Say(checks[checks.Count - 1].ToString());
            var expected = ExpectedRecovery(records);
            checks.Add(AgainstObjective(_pair.Objectives, expected.Time, expected.Detail));
            return new FailoverReadiness(_pair, to, checks, expected.Time, status.ReadAt);
        }

        private async Task<ReadinessCheck> CredentialsAsync(PairStatus status, CancellationToken cancel)
        {
            var refused = Failing(ReadinessCheckNames.Credentials, status);
            if (refused.Count > 0) return Failed(ReadinessCheckNames.Credentials, refused);
            var who = await Task.WhenAll(Regions.Both.Where(r => status[r].Reachable).Select(async r =>
            {
                try
                {
                    return $"{Regions.Name(r)} as {await _session.For(_pair, r).CurrentUser.IdentityAsync(cancel).ConfigureAwait(false)}";
                }
                catch (DatabricksApiException)
                {
                    return $"{Regions.Name(r)} (identity not reported)";
                }
            })).ConfigureAwait(false);
            return who.Length == 0
                ? new ReadinessCheck(ReadinessCheckNames.Credentials, ReadinessOutcome.Skipped, "no region answered")
                : new ReadinessCheck(ReadinessCheckNames.Credentials, ReadinessOutcome.Passed, "accepted: " + string.Join(", ", who));
        }

        private static ReadinessCheck Roles(PairStatus status, Region to)
        {
            var blocking = Failing(ReadinessCheckNames.Roles, status);
            if (blocking.Count > 0) return Failed(ReadinessCheckNames.Roles, blocking);
            if (status.IsActive(to))
                return new ReadinessCheck(ReadinessCheckNames.Roles, ReadinessOutcome.Failed,
                    $"{Regions.Name(to)} is already the active region: test the failover to {Regions.Name(Regions.Other(to))}.");
            if (status.ActiveRegion == ActiveRegion.Unknown)
                return new ReadinessCheck(ReadinessCheckNames.Roles, ReadinessOutcome.Skipped,
                    "which region is active is not known: a region could not be read");
            return new ReadinessCheck(ReadinessCheckNames.Roles, ReadinessOutcome.Passed,
                $"{status.ActiveRegion.ToString().ToLowerInvariant()} is active, {Regions.Name(to)} is standby");
        }

        /// <summary>
        /// The checks that status and history alone answer (no call of their own: no identity read, no
        /// validation), as a report reads them: the credentials from the status problems, the
        /// validation left out, the expected recovery against the objective.
        /// </summary>
        public static IReadOnlyList<ReadinessCheck> FromRecords(PairDefinition pair, PairStatus status,
            IReadOnlyList<HistoryRecord> records, out Region to, out TimeSpan? expectedRecovery)
        {
            to = Standby(status);
            var expected = ExpectedRecovery(records);
            expectedRecovery = expected.Time;
            var checks = StatusChecks(status, to,
                FromProblems(ReadinessCheckNames.Credentials, status, "both regions accepted the credentials"));
            checks.Add(new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Skipped,
                "not run for a report (Test-DltDrFailover runs it)"));
            checks.Add(AgainstObjective(pair.Objectives, expected.Time, expected.Detail));
            return checks;
        }

        /// <summary>The region a failover would make active when none is named: the one not active now.</summary>
        private static Region Standby(PairStatus status) => status.IsActive(Region.Secondary) ? Region.Primary : Region.Secondary;

        /// <summary>
        /// The checks that status answers, in their order, with <paramref name="credentials"/> in its
        /// place: each fails on the status problems whose kind names it (StatusRules says which).
        /// </summary>
        private static List<ReadinessCheck> StatusChecks(PairStatus status, Region to, ReadinessCheck credentials)
            => new List<ReadinessCheck>
        {
            FromProblems(ReadinessCheckNames.Reachable, status, "both regions answered"),
            credentials,
            Roles(status, to),
            FromProblems(ReadinessCheckNames.Settings, status, "both regions' settings are as defined"),
            FromProblems(ReadinessCheckNames.StandbyLag, status, Lag(status)),
            FromProblems(ReadinessCheckNames.CatchUpJob, status,
                $"{Regions.Name(to)}'s catch-up job is scheduled and the active region's paused"),
        };

        /// <summary>The check, failed on the status problems that name it, else passed with <paramref name="passed"/>.</summary>
        private static ReadinessCheck FromProblems(string name, PairStatus status, string passed)
        {
            var found = Failing(name, status);
            return found.Count > 0 ? Failed(name, found) : new ReadinessCheck(name, ReadinessOutcome.Passed, passed);
        }

        private static List<StatusProblem> Failing(string check, PairStatus status)
            => status.Problems.Where(p => p.FailsChecks.Contains(check)).ToList();

        private static ReadinessCheck Failed(string check, IEnumerable<StatusProblem> problems)
            => new ReadinessCheck(check, ReadinessOutcome.Failed, string.Join(" ", problems.Select(p => p.Message)));

        private static string Lag(PairStatus status)
            => status.StandbyLag is TimeSpan lag
                ? $"the standby's data is {Describe(lag)} behind the active region's, within its catch-up schedule"
                : "the standby is within its catch-up schedule";

        /// <summary>
        /// The validation, or a failed check saying why it could not be made (the region stopped answering, an unknown outcome).
        /// </summary>
        private async Task<ReadinessCheck> ValidateOrFailAsync(RegionStatus target, CancellationToken cancel)
        {
            try
            {
                return await ValidateAsync(target, cancel).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex)
            {
                return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Failed,
                    $"{Regions.Name(target.Region)}'s pipeline could not be validated: {ex.Message}");
            }
        }

        /// <summary>
        /// A validate_only update of the target's pipeline, followed to its end. Skipped when the
        /// pipeline cannot be reached or already has an update going (a catch-up): validating then
        /// would be refused, and that is no sign of trouble.
        /// </summary>
        private async Task<ReadinessCheck> ValidateAsync(RegionStatus target, CancellationToken cancel)
        {
            var name = Regions.Name(target.Region);
            if (!target.Reachable || target.PipelineId == null)
                return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Skipped,
                    $"{name}'s pipeline could not be read, so it was not validated");
            if (UpdateStates.IsActive(target.LatestUpdateState))
                return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Skipped,
                    $"{name}'s pipeline has an update going ({target.LatestUpdateId}, {target.LatestUpdateState}); run the test "
                        + $"again when it has ended");
            var pipelines = _session.For(_pair, target.Region).Pipelines;
            string updateId;
            try
            {
                updateId = await pipelines.StartUpdateAsync(target.PipelineId, fullRefresh: false, cause: null, cancel,
                    validateOnly: true).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.IsConflict)
            {
                return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Skipped,
                    $"{name}'s pipeline started an update meanwhile; run the test again when it has ended");
            }
            catch (DatabricksApiException ex) when (ex.IsPermissionDenied || ex.IsAuthenticationFailure)
            {
                return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Failed,
                    $"{name} refused to start an update of the pipeline, so a failover could not start it either: {ex.Message}");
            }
            var watch = _session.Clock.StartWatch();
            var (done, last) = await _polling.UntilAsync(async c =>
            {
                var u = await pipelines.GetUpdateAsync(target.PipelineId, updateId, c).ConfigureAwait(false);
                return (UpdateStates.IsEnded(u.State), u.State);
            }, _validationTimeout, null, cancel).ConfigureAwait(false);
            var took = Describe(watch.Elapsed);
            if (!done)
                return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Failed,
                    $"the validate-only update {updateId} of {name} did not end within {Describe(_validationTimeout)} (last {last})");
            if (last == UpdateStates.Completed)
                return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Passed,
                    $"the validate-only update {updateId} of {name} completed in {took}: the graph, settings and access are valid");
            var error = await FailureOf(pipelines, target.PipelineId, updateId, cancel).ConfigureAwait(false);
            return new ReadinessCheck(ReadinessCheckNames.Validation, ReadinessOutcome.Failed,
                $"the validate-only update {updateId} of {name} ended {last}{(error != null ? ": " + error : string.Empty)}");
        }

        private static async Task<string?> FailureOf(PipelinesService pipelines, string pipelineId, string updateId,
            CancellationToken cancel)
        {
            try
            {
                var events = await pipelines.ListEventsAsync(pipelineId, "level='ERROR'", 25, cancel).ConfigureAwait(false);
                return events.Where(e => (string?)e.Origin?["update_id"] == updateId)
                    .Select(e => (string?)e.Error?["exceptions"]?[0]?["message"] ?? e.Message).FirstOrDefault(m => m != null);
            }
            catch (DatabricksApiException)
            {
                return null;
            }
        }

        /// <summary>The median recovery time of the pair's last five switches that made a region run.</summary>
        /// <summary>
        /// The expected recovery against the pair's recovery time objective: failed past it (by how
        /// much), passed within it, information only without an objective or a measured recovery.
        /// </summary>
        internal static ReadinessCheck AgainstObjective(Objectives objectives, TimeSpan? expected, string detail)
        {
            var name = ReadinessCheckNames.ExpectedRecovery;
            if (!(objectives.RecoveryTime is TimeSpan rto))
                return new ReadinessCheck(name, ReadinessOutcome.Info, detail);
            var objective = $"the recovery time objective of {Objectives.Describe(rto)} (set by {objectives.RecoveryTimeFrom})";
            if (!(expected is TimeSpan e)) return new ReadinessCheck(name, ReadinessOutcome.Info, $"{detail}; {objective}");
            return e > rto
                ? new ReadinessCheck(name, ReadinessOutcome.Failed, $"{detail}: {Objectives.Describe(e - rto)} past {objective}")
                : new ReadinessCheck(name, ReadinessOutcome.Passed, $"{detail}: within {objective}");
        }

        internal static (TimeSpan? Time, string Detail) ExpectedRecovery(IReadOnlyList<HistoryRecord> records)
        {
            var recent = records.Where(r => r.Operation == HistoryOperations.Switch && r.RecoverySeconds != null
                    && (r.Outcome == HistoryOutcomes.Succeeded || r.Outcome == HistoryOutcomes.PendingDemotion))
                .OrderByDescending(r => r.Time).Take(5).Select(r => r.RecoverySeconds!.Value).OrderBy(s => s).ToList();
            if (recent.Count == 0) return (null, "no switch with a measured recovery in the history yet");
            var median = recent.Count % 2 == 1 ? recent[recent.Count / 2] : (recent[recent.Count / 2 - 1] + recent[recent.Count / 2]) / 2;
            var time = TimeSpan.FromSeconds(median);
            return (time,
                $"{Describe(time)}: the median of the last {recent.Count} recoveries in the history "
                    + $"({string.Join(", ", recent.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture) + " s"))})");
        }

        private static string Describe(TimeSpan t)
            => t.TotalSeconds < 120 ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
             : t.TotalHours < 2 ? t.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min"
             : t.TotalHours.ToString("0.0", CultureInfo.InvariantCulture) + " h";
    }
}
