using System;
using System.Management.Automation;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;

namespace DltDr.Cmdlets
{
    /// <summary>One place that turns an engine failure into an ErrorRecord with a stable id and a true category.</summary>
    internal static class ErrorMapping
    {
        /// <summary>A pair name that matches no file in the store: where was looked, and <paramref name="remedy"/> (how else to give the pair).</summary>
        public static ErrorRecord PairNotFound(PairStore store, string name, string remedy)
        {
            var where = store.Folders.Count == 0 ? "(no folder)" : string.Join(", ", store.Folders);
            return new ErrorRecord(
                new ItemNotFoundException($"No pair named '{name}' was found in {where}. Put {name}.json there, set $env:{PairStore.PathVariable} (or $DltDrPairPath){remedy}"),
                ErrorIds.PairNotFound, ErrorCategory.ObjectNotFound, name);
        }

        public static ErrorRecord ToRecord(Exception ex, object? target)
        {
            switch (ex)
            {
                case DrOperationException dr:
                    return new ErrorRecord(ex, dr.Reason.ToString(), Category(dr.Reason), target);
                case PairDefinitionException _:
                    return new ErrorRecord(ex, ErrorIds.InvalidPairDefinition, ErrorCategory.InvalidData, target);
                case CredentialException _:
                    return new ErrorRecord(ex, ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError, target);
                case PublishConflictException pc when pc.Reason == "NotOurs":
                    return new ErrorRecord(ex, ErrorIds.ResourceNotOwned, ErrorCategory.ResourceExists, target);
                case PublishConflictException pc when pc.Reason == "AmbiguousMarker":
                    return new ErrorRecord(ex, ErrorIds.AmbiguousMarker, ErrorCategory.InvalidData, target);
                case PublishConflictException _:
                    return new ErrorRecord(ex, ErrorIds.ImmutableSetting, ErrorCategory.InvalidOperation, target);
                case DatabricksApiException api when api.IsUnreachable:
                    return new ErrorRecord(ex, ErrorIds.RegionUnreachable, ErrorCategory.ConnectionError, target);
                case DatabricksApiException api when api.OutcomeUnknown:
                    return new ErrorRecord(ex, ErrorIds.OutcomeUnknown, ErrorCategory.OperationTimeout, target);
                case DatabricksApiException api when api.StatusCode == 401:
                    return new ErrorRecord(ex, ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError, target);
                case DatabricksApiException api when api.StatusCode == 403:
                    return new ErrorRecord(ex, ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied, target);
                case DatabricksApiException api when api.StatusCode == 404:
                    return new ErrorRecord(ex, ErrorIds.DatabricksError, ErrorCategory.ObjectNotFound, target);
                case DatabricksApiException api when api.StatusCode == 409:
                    return new ErrorRecord(ex, ErrorIds.DatabricksError, ErrorCategory.ResourceBusy, target);
                case DatabricksApiException api when api.StatusCode == 429 || api.StatusCode == 503:
                    return new ErrorRecord(ex, ErrorIds.DatabricksError, ErrorCategory.LimitsExceeded, target);
                case DatabricksApiException _:
                    return new ErrorRecord(ex, ErrorIds.DatabricksError, ErrorCategory.InvalidOperation, target);
                default:
                    return new ErrorRecord(ex, ex.GetType().Name, ErrorCategory.NotSpecified, target);
            }
        }

        private static ErrorCategory Category(DrRefusal reason) => reason switch
        {
            DrRefusal.CatchUpOnActiveRegion => ErrorCategory.InvalidOperation,
            DrRefusal.NoStandbyRegion => ErrorCategory.InvalidOperation,
            DrRefusal.TargetUnreachable => ErrorCategory.ConnectionError,
            DrRefusal.OtherRegionUnreachable => ErrorCategory.ConnectionError,
            DrRefusal.NotPublished => ErrorCategory.ObjectNotFound,
            DrRefusal.PromotionFailed => ErrorCategory.InvalidResult,
            DrRefusal.Timeout => ErrorCategory.OperationTimeout,
            DrRefusal.CatchUpFailed => ErrorCategory.InvalidResult,
            DrRefusal.ConcurrentChange => ErrorCategory.ResourceBusy,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
