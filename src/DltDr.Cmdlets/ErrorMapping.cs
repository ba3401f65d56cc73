using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// One place that turns an engine failure into an ErrorRecord: a stable id, a true category, and
    /// a RecommendedAction that says what to do next. Every id DltDr writes is in <see cref="Table"/>,
    /// with its help; about_DltDr's error list is rendered from it (tests/DltDr.Tests/Module/HelpTables.cs).
    /// </summary>
    internal static class ErrorMapping
    {
        internal sealed class Entry
        {
            public Entry(ErrorCategory category, string action, string help, string? categoryText = null)
            {
                Category = category;
                Action = action;
                Help = help;
                CategoryText = categoryText ?? category.ToString();
            }

            public ErrorCategory Category { get; }
            public string Action { get; }

            /// <summary>What the error means and what fixes it, as about_DltDr's error list says (rendered from here).</summary>
            public string Help { get; }

            /// <summary>The category as the help names it (the category's name, or how it is chosen).</summary>
            public string CategoryText { get; }
        }

        /// <summary>Every error id with its category and recommended action.</summary>
        internal static readonly IReadOnlyDictionary<string, Entry> Table = new Dictionary<string, Entry>(StringComparer.Ordinal)
        {
            [ErrorIds.PairNotFound] =
                new Entry(ErrorCategory.ObjectNotFound,
                    "List the pairs with Get-DltDrPair, put NAME.json in a folder of $env:DLTDR_PAIR_PATH, or pipe in Get-DltDrPair "
                        + "-Path FILE (or -Json).",
                    help: "no pair of that name in the pair store, or no such file. List the pairs with Get-DltDrPair; set "
                        + "$env:DLTDR_PAIR_PATH; or pipe in Get-DltDrPair -Path/-Json."),
            [ErrorIds.InvalidPairDefinition] =
                new Entry(ErrorCategory.InvalidData,
                    "Correct each field the message names (schema/dltdr-pair.schema.json lists what is allowed), then check the file "
                        + "with Get-DltDrPair -Path FILE.",
                    help: "the pair file has problems, each named with its field and what is allowed. Correct them and check "
                        + "with Get-DltDrPair -Path FILE."),
            [ErrorIds.PairNameConflict] =
                new Entry(ErrorCategory.InvalidData,
                    "Keep one file per pair name across the folders of $env:DLTDR_PAIR_PATH (and not NAME.json beside NAME.jsonc): "
                        + "rename or remove the others.",
                    help: "one pair name is defined by two files of the pair store (two folders, or NAME.json beside "
                        + "NAME.jsonc). Keep one of them."),
            [ErrorIds.RegionUnreachable] =
                new Entry(ErrorCategory.ConnectionError,
                    "Check that the workspace is up, its host right and the network path to it open, then run the command again.",
                    help: "the workspace did not answer within -RegionTimeoutSec. Check its host and the network; run the "
                        + "command again."),
            [ErrorIds.AuthenticationFailed] =
                new Entry(ErrorCategory.AuthenticationError,
                    "Check the region's auth settings in the pair file, the environment (DATABRICKS_*, IDENTITY_ENDPOINT) or -Token: "
                        + "the credential was refused or none is configured.",
                    help: "the credential was refused, or none is configured. Check the region's auth settings, the environment "
                        + "or -Token."),
            [ErrorIds.PermissionDenied] =
                new Entry(ErrorCategory.PermissionDenied,
                    "Give the identity CAN_MANAGE on the pair's pipeline and catch-up job and write access to its workspace folder, "
                        + "then run the command again.",
                    help: "the identity is known but may not do this. Give it CAN_MANAGE on the pipeline and job and write "
                        + "access to the workspace folder."),
            [ErrorIds.ResourceNotOwned] =
                new Entry(ErrorCategory.ResourceExists,
                    "Rename the other pipeline or job, or run Publish-DltDrPipeline -Adopt to take it over.",
                    help: "a pipeline or job of the same name exists that DltDr did not deploy. Rename it, or publish with "
                        + "-Adopt. Adopting a running continuous pipeline whose settings match the definition makes no edit (an "
                        + "edit restarts its update): its catch-up job records it (tag dltdr-pipeline), and DltDr's marker tags "
                        + "follow with the next edit made anyway."),
            [ErrorIds.AmbiguousMarker] =
                new Entry(ErrorCategory.InvalidData,
                    "Remove the dltdr-pair tag from all but one pipeline (or job) of the pair in that workspace, then run the "
                        + "command again.",
                    help: "more than one pipeline or job carries the pair's marker. Remove the dltdr-pair tag from all but one."),
            [ErrorIds.ImmutableSetting] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Put the setting back in the pair file (the service cannot change it on a deployed pipeline), or delete the "
                        + "pipeline and publish again.",
                    help: "the definition changes a setting the service cannot change on a deployed pipeline (storage). Put it "
                        + "back, or delete the pipeline and publish."),
            [ErrorIds.OutcomeUnknown] =
                new Entry(ErrorCategory.OperationTimeout,
                    "Run the same command again: it reads the live state first and finishes what is left without repeating what was done.",
                    help: "a write that starts something got no answer, so it is not known whether it happened. Run the same "
                        + "command again: it reads first and finishes the rest."),
            [ErrorIds.ConfirmationRequired] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Add -Force (or -Confirm:$false) to run without asking, as a runbook or scheduled task must; or run the command "
                        + "where someone can answer.",
                    help: "a command that asks first ran where no one can answer (-NonInteractive, a runbook, a scheduled "
                        + "task). Add -Force or -Confirm:$false."),
            [ErrorIds.InvalidReportParameter] =
                new Entry(ErrorCategory.InvalidArgument,
                    "Give -Path a file in an existing folder and -Since a time in the past, then run the command again.",
                    help: "Export-DltDrReport was given a -Path in no existing folder, or a -Since in the future. Nothing was "
                        + "read or written."),
            [ErrorIds.PipelineNotFound] =
                new Entry(ErrorCategory.ObjectNotFound,
                    "Check the name or id in the primary workspace's Pipelines page (names are case-sensitive; wildcards match "
                        + "many), then run New-DltDrPair again.",
                    help: "New-DltDrPair found no pipeline of that name or id in the primary workspace; the message names the "
                        + "nearest names. Check the name (case counts)."),
            [ErrorIds.AmbiguousPipelineName] =
                new Entry(ErrorCategory.InvalidArgument, "Give the pipeline you mean with -PipelineId (the message lists their ids).",
                    help: "several pipelines have the name given to New-DltDrPair. Give the one you mean with -PipelineId; the "
                        + "message lists their ids."),
            [ErrorIds.UnsupportedPipelineSource] =
                new Entry(ErrorCategory.NotImplemented,
                    "Do what the message says for each source it names (or keep the pipeline out of DR for now); then run "
                        + "New-DltDrPair again for it.",
                    help: "the pipeline's sources are not notebooks under one workspace folder nor files and globs under one "
                        + "(notebooks beside files, a library of another kind, a path outside the workspace); publishing its "
                        + "pair would replace them, so none was drafted. The message says what to do with each; or keep it out "
                        + "of DR for now."),
            [ErrorIds.PairFileExists] =
                new Entry(ErrorCategory.ResourceExists,
                    "Add -Force to replace the pair file and its notebooks folder, or give -Path another folder.",
                    help: "New-DltDrPair found the pair file already there and wrote nothing for that pipeline. Add -Force to "
                        + "replace it, or give -Path another folder."),
            [ErrorIds.InvalidNewPairParameter] =
                new Entry(ErrorCategory.InvalidArgument,
                    "Give -SecondaryHost the other region's workspace (not the primary's) and -Path a folder; nothing was read or "
                        + "written.",
                    help: "New-DltDrPair was given one workspace for both regions, no host, or a -Path that is a file. Nothing "
                        + "was read or written."),
            [ErrorIds.DatabricksError] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Read the service's message and request id; fix the cause and run the command again.",
                    help: "any other error from the service, with its message and request id.",
                    categoryText: "by the service's status"),
            [nameof(DrRefusal.CatchUpOnActiveRegion)] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Leave out -Region to catch up the standby region; the active region runs continuously and needs no catch-up.",
                    help: "a catch-up was asked of the active region. Leave out -Region to catch up the standby."),
            [nameof(DrRefusal.NoStandbyRegion)] =
                new Entry(ErrorCategory.InvalidOperation,
                    "Run Get-DltDrStatus to see the roles, and Set-DltDrActiveRegion to settle which region is active; then catch up.",
                    help: "no region is clearly standby. Run Get-DltDrStatus and settle the active region with "
                        + "Set-DltDrActiveRegion."),
            [nameof(DrRefusal.TargetUnreachable)] =
                new Entry(ErrorCategory.ConnectionError,
                    "The region to make active must answer: check its host and network, or choose the other region.",
                    help: "the region to make active cannot be reached. Check it, or choose the other region."),
            [nameof(DrRefusal.OtherRegionUnreachable)] =
                new Entry(ErrorCategory.ConnectionError,
                    "If that region is down, run again with -Unplanned; it is demoted by a later run once it answers.",
                    help: "the region to demote cannot be reached. If it is down, run again with -Unplanned."),
            [nameof(DrRefusal.NotPublished)] =
                new Entry(ErrorCategory.ObjectNotFound, "Run Publish-DltDrPipeline -Pair NAME to deploy both regions.",
                    help: "a region has no pipeline or job of the pair. Run Publish-DltDrPipeline."),
            [nameof(DrRefusal.PromotionFailed)] =
                new Entry(ErrorCategory.InvalidResult,
                    "Read the failed update's error in the pipeline's event log, fix its cause, then run Set-DltDrActiveRegion again.",
                    help: "the promoted pipeline's update did not run; the old active region stays active. Read the update's "
                        + "error in the event log, fix it, switch again."),
            [nameof(DrRefusal.Timeout)] =
                new Entry(ErrorCategory.OperationTimeout,
                    "Run the command again (it continues from the live state), or raise -TimeoutMinutes.",
                    help: "waiting took longer than -TimeoutMinutes. Run again; it continues from the live state."),
            [nameof(DrRefusal.CatchUpFailed)] =
                new Entry(ErrorCategory.InvalidResult,
                    "Open the run page in the message, fix the failing update, then run Invoke-DltDrCatchUp again.",
                    help: "the catch-up run ended without success. Open its run page, fix the update, run Invoke-DltDrCatchUp "
                        + "again."),
            [nameof(DrRefusal.ConcurrentChange)] =
                new Entry(ErrorCategory.ResourceBusy,
                    "Someone else changed the pair meanwhile: run Get-DltDrStatus, agree who switches, then run the command again.",
                    help: "someone else changed the pair meanwhile: another operator's switch promoted the other region after "
                        + "this one read it (the newest promotion wins). The switch that lost puts back what it changed once "
                        + "the winner's region runs, and its message says what it put back or left. Run Get-DltDrStatus, agree "
                        + "who switches, run the command again."),
            [nameof(DrRefusal.UpstreamFailed)] =
                new Entry(ErrorCategory.ResourceUnavailable,
                    "Make the pair it depends on active in that region first (the message names it), then run Set-DltDrActiveRegion "
                        + "again for this pair, or for the whole -Group.",
                    help: "a pair was not switched because a pair it depends on (dependsOn) did not come to run in the target "
                        + "region. Make that one active first, then run again for this pair or the whole -Group."),
            [nameof(DrRefusal.NoCommonFailoverGroup)] =
                new Entry(ErrorCategory.InvalidArgument,
                    "Give -Group (or pairs) whose group file names one failoverGroup, or leave out -FailoverGroup to switch the "
                        + "pipelines alone.",
                    help: "Set-DltDrActiveRegion -FailoverGroup was given pairs that do not all follow one failover group (a "
                        + "group file's failoverGroup). Give a -Group whose file names one, or leave out -FailoverGroup. "
                        + "Nothing was moved."),
            [nameof(DrRefusal.FailoverGroupFailed)] =
                new Entry(ErrorCategory.InvalidResult,
                    "See the account console for why the failover group's failover failed; fail it over again, then run the command.",
                    help: "the account failover group's failover ended FAILOVER_FAILED; no pipeline was moved. See the account "
                        + "console, fail it over again, then run the command."),
            [nameof(DrRefusal.FailoverGroupChanged)] =
                new Entry(ErrorCategory.ResourceBusy,
                    "Someone else changed the failover group meanwhile: run Get-DltDrStatus, agree who moves it, then run again.",
                    help: "the failover group changed after it was read (its etag), or someone else moved it elsewhere; no "
                        + "pipeline was moved. Run Get-DltDrStatus, agree who moves it, run again."),
            [nameof(DrRefusal.BothActive)] =
                new Entry(ErrorCategory.InvalidResult,
                    "Both regions are processing: run the Set-DltDrActiveRegion command named in the message again to demote the "
                        + "other region.",
                    help: "a planned switch made the target active but could not demote the other region, so both are "
                        + "processing. Run the Set-DltDrActiveRegion command the message names again; it finishes the demotion."),
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
