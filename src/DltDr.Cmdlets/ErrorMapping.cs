using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine;
using DltDr.Engine.Commands;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// One place that turns an engine failure into an ErrorRecord: a stable id, a true category, and
    /// a RecommendedAction that says what to do next. Every id DltDr writes is in <see cref="Table"/>
    /// (and in about_DltDr, where a test keeps the two in step).
    /// </summary>
    internal static class ErrorMapping
    {
        internal sealed class Entry
        {
            public Entry(ErrorCategory category, string action)
            {
                Category = category;
                Action = action;
            }

            public ErrorCategory Category { get; }
            public string Action { get; }
        }

        /// <summary>Every error id with its category and recommended action.</summary>
        internal static readonly IReadOnlyDictionary<string, Entry> Table = new Dictionary<string, Entry>(StringComparer.Ordinal)
        {
            [ErrorIds.PairNotFound] =
                new Entry(ErrorCategory.ObjectNotFound,
                    "List the pairs with Get-DltDrPair, put NAME.json in a folder of $env:DLTDR_PAIR_PATH, or pipe in Get-DltDrPair "
                        + "-Path FILE (or -Json)."),
            [ErrorIds.InvalidPairDefinition] =
                new Entry(ErrorCategory.InvalidData,
                    "Correct each field the message names (schema/dltdr-pair.schema.json lists what is allowed), then check the file "
                        + "with Get-DltDrPair -Path FILE."),
            [ErrorIds.PairNameConflict] =
                new Entry(ErrorCategory.InvalidData,
                    "Keep one file per pair name across the folders of $env:DLTDR_PAIR_PATH (and not NAME.json beside NAME.jsonc): "
                        + "rename or remove the others."),
            [ErrorIds.RegionUnreachable] =
                new Entry(ErrorCategory.ConnectionError,
                    "Check that the workspace is up, its host right and the network path to it open, then run the command again."),
            [ErrorIds.AuthenticationFailed] =
                new Entry(ErrorCategory.AuthenticationError,
                    "Check the region's auth settings in the pair file, the environment (DATABRICKS_*, IDENTITY_ENDPOINT) or -Token: "
                        + "the credential was refused or none is configured."),
            [ErrorIds.PermissionDenied] =
                new Entry(ErrorCategory.PermissionDenied,
                    "Give the identity CAN_MANAGE on the pair's pipeline and catch-up job and write access to its workspace folder, "
                        + "then run the command again."),
            [ErrorIds.ResourceNotOwned] =
                new Entry(ErrorCategory.ResourceExists,
                    "Rename the other pipeline or job, or run Publish-DltDrPipeline -Adopt to take it over."),
            [ErrorIds.AmbiguousMarker] =
                new Entry(ErrorCategory.InvalidData,
                    "Remove the dltdr-pair tag from all but one pipeline (or job) of the pair in that workspace, then run the "
                        + "command again."),
            [ErrorIds.ImmutableSetting] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Put the setting back in the pair file (the service cannot change it on a deployed pipeline), or delete the "
                        + "pipeline and publish again."),
            [ErrorIds.OutcomeUnknown] =
                new Entry(ErrorCategory.OperationTimeout,
                    "Run the same command again: it reads the live state first and finishes what is left without repeating what was done."),
            [ErrorIds.ConfirmationRequired] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Add -Force (or -Confirm:$false) to run without asking, as a runbook or scheduled task must; or run the command "
                        + "where someone can answer."),
            [ErrorIds.InvalidReportParameter] =
                new Entry(ErrorCategory.InvalidArgument,
                    "Give -Path a file in an existing folder and -Since a time in the past, then run the command again."),
            [ErrorIds.PipelineNotFound] =
                new Entry(ErrorCategory.ObjectNotFound,
                    "Check the name or id in the primary workspace's Pipelines page (names are case-sensitive; wildcards match "
                        + "many), then run New-DltDrPair again."),
            [ErrorIds.AmbiguousPipelineName] =
                new Entry(ErrorCategory.InvalidArgument, "Give the pipeline you mean with -PipelineId (the message lists their ids)."),
            [ErrorIds.UnsupportedPipelineSource] =
                new Entry(ErrorCategory.NotImplemented,
                    "Do what the message says for each source it names (or keep the pipeline out of DR for now); then run "
                        + "New-DltDrPair again for it."),
            [ErrorIds.PairFileExists] =
                new Entry(ErrorCategory.ResourceExists,
                    "Add -Force to replace the pair file and its notebooks folder, or give -Path another folder."),
            [ErrorIds.InvalidNewPairParameter] =
                new Entry(ErrorCategory.InvalidArgument,
                    "Give -SecondaryHost the other region's workspace (not the primary's) and -Path a folder; nothing was read or "
                        + "written."),
            [ErrorIds.DatabricksError] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Read the service's message and request id; fix the cause and run the command again."),
            [nameof(DrRefusal.CatchUpOnActiveRegion)] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Leave out -Region to catch up the standby region; the active region runs continuously and needs no catch-up."),
            [nameof(DrRefusal.NoStandbyRegion)] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Run Get-DltDrStatus to see the roles, and Set-DltDrActiveRegion to settle which region is active; then catch up."),
            [nameof(DrRefusal.TargetUnreachable)] =
                new Entry(ErrorCategory.ConnectionError,
                    "The region to make active must answer: check its host and network, or choose the other region."),
            [nameof(DrRefusal.OtherRegionUnreachable)] =
                new Entry(ErrorCategory.ConnectionError,
                    "If that region is down, run again with -Unplanned; it is demoted by a later run once it answers."),
            [nameof(DrRefusal.NotPublished)] =
                new Entry(ErrorCategory.ObjectNotFound, "Run Publish-DltDrPipeline -Pair NAME to deploy both regions."),
            [nameof(DrRefusal.PromotionFailed)] =
                new Entry(ErrorCategory.InvalidResult,
                    "Read the failed update's error in the pipeline's event log, fix its cause, then run Set-DltDrActiveRegion again."),
            [nameof(DrRefusal.Timeout)] =
                new Entry(ErrorCategory.OperationTimeout,
                    "Run the command again (it continues from the live state), or raise -TimeoutMinutes."),
            [nameof(DrRefusal.CatchUpFailed)] =
                new Entry(ErrorCategory.InvalidResult,
                    "Open the run page in the message, fix the failing update, then run Invoke-DltDrCatchUp again."),
            [nameof(DrRefusal.ConcurrentChange)] =
                new Entry(ErrorCategory.ResourceBusy,
                    "Someone else changed the pair meanwhile: run Get-DltDrStatus, agree who switches, then run the command again."),
            [nameof(DrRefusal.UpstreamFailed)] =
                new Entry(ErrorCategory.ResourceUnavailable,
                    "Make the pair it depends on active in that region first (the message names it), then run Set-DltDrActiveRegion "
                        + "again for this pair, or for the whole -Group."),
            [nameof(DrRefusal.NoCommonFailoverGroup)] =
                new Entry(ErrorCategory.InvalidArgument,
                    "Give -Group (or pairs) whose group file names one failoverGroup, or leave out -FailoverGroup to switch the "
                        + "pipelines alone."),
            [nameof(DrRefusal.FailoverGroupFailed)] =
                new Entry(ErrorCategory.InvalidResult,
                    "See the account console for why the failover group's failover failed; fail it over again, then run the command."),
            [nameof(DrRefusal.FailoverGroupChanged)] =
                new Entry(ErrorCategory.ResourceBusy,
                    "Someone else changed the failover group meanwhile: run Get-DltDrStatus, agree who moves it, then run again."),
            [nameof(DrRefusal.BothActive)] =
                new Entry(ErrorCategory.InvalidResult,
                    "Both regions are processing: run the Set-DltDrActiveRegion command named in the message again to demote the "
                        + "other region."),
        };

        /// <summary>
        /// A pair name that matches no file in the store: where was looked, and <paramref name="remedy"/> (how else to give the pair).
        /// </summary>
        public static ErrorRecord PairNotFound(PairStore store, string name, string remedy)
        {
            var near = PairStore.HasWildcard(name) ? new List<string>() : store.Nearest(name).ToList();
            var meant = near.Count == 0 ? string.Empty
                : $" Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?";
            return Record(new ItemNotFoundException($"No pair named '{name}' was found in {Where(store)}.{meant} Put {name}.json there, "
                + $"set $env:{PairStore.PathVariable} (or $DltDrPairPath){remedy}"), ErrorIds.PairNotFound, name);
        }

        /// <summary>A store with no pair at all, for a command over every pair.</summary>
        public static ErrorRecord NoPairs(PairStore store)
            => Record(new ItemNotFoundException($"No pair was found in {Where(store)}: put NAME.json pair files there, set "
                + $"$env:{PairStore.PathVariable} (or $DltDrPairPath), or give -Pair or -Group."), ErrorIds.PairNotFound, null);

        /// <summary>A group that no pair of the store names.</summary>
        public static ErrorRecord GroupNotFound(PairStore store, string group)
            => Record(new ItemNotFoundException($"No pair of group '{group}' was found in {Where(store)}. A pair joins a group with "
                + $"\"group\": \"{group}\" in its definition."), ErrorIds.PairNotFound, group);

        private static string Where(PairStore store) => store.Folders.Count == 0 ? "(no folder)" : string.Join(", ", store.Folders);

        public static ErrorRecord ToRecord(Exception ex, object? target) => Record(ex, IdOf(ex), target);

        /// <summary>The record for an id of the table, with its category and recommended action.</summary>
        public static ErrorRecord Record(Exception ex, string id, object? target)
        {
            if (!Table.TryGetValue(id, out var entry))
            {
                // An exception DltDr did not expect: keep its type as the id, and say how to report it.
                var unexpected = new ErrorRecord(ex, ex.GetType().Name, ErrorCategory.NotSpecified, target);
                unexpected.ErrorDetails =
                    new ErrorDetails(ex.Message) { RecommendedAction = "Run the command again with -Debug and report the output to "
                        + "the DltDr maintainers." };
                return unexpected;
            }
            var category = entry.Category;
            if (id == ErrorIds.DatabricksError && ex is DatabricksApiException api) category = CategoryOf(api.StatusCode);
            var record = new ErrorRecord(ex, id, category, target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ActionFor(ex, entry.Action) };
            return record;
        }

        internal static string IdOf(Exception ex) => ErrorIds.Of(ex);

        /// <summary>
        /// The action that fits how a region was lost: a slow region is given more time with
        /// -RegionTimeoutSec; one that refused the connection or whose name did not resolve is not.
        /// </summary>
        private static string ActionFor(Exception ex, string action)
            => (ex as DatabricksApiException ?? ex.InnerException as DatabricksApiException) is DatabricksApiException api && api.IsTimeout
                ? "The region gave no answer within -RegionTimeoutSec: check that it is up and the network path to it, or raise "
                    + "-RegionTimeoutSec if it is only slow; then run the command again."
                : action;

        /// <summary>The category of a service error no more specific id covers.</summary>
        private static ErrorCategory CategoryOf(int status) => status switch
        {
            404 => ErrorCategory.ObjectNotFound,
            409 => ErrorCategory.ResourceBusy,
            429 => ErrorCategory.LimitsExceeded,
            503 => ErrorCategory.LimitsExceeded,
            _ => ErrorCategory.InvalidOperation,
        };
    }
}
