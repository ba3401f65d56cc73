using System;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Every failure of a Databricks call: the HTTP status (0 when no answer came), the service's
    /// <c>error_code</c> (or a DltDr code for transport failures), its message, and the request id.
    /// Messages are redacted: they never carry a token or secret.
    /// </summary>
    public sealed class DatabricksApiException : Exception, IDrError
    {
        public DatabricksApiException(string host, string call, int status, string errorCode, string serviceMessage, string? requestId,
            bool outcomeUnknown, int attempts, Exception? inner = null)
            : base(Compose(host, call, status, errorCode, serviceMessage, requestId, outcomeUnknown, attempts), inner)
        {
            Host = host;
            Call = call;
            StatusCode = status;
            ErrorCode = errorCode;
            ServiceMessage = serviceMessage;
            RequestId = requestId;
            OutcomeUnknown = outcomeUnknown;
            Attempts = attempts;
        }

        /// <summary>The workspace host, e.g. https://adb-123.azuredatabricks.net.</summary>
        public string Host { get; }

        /// <summary>Method and path, e.g. <c>POST /api/2.0/pipelines</c>.</summary>
        public string Call { get; }

        /// <summary>The HTTP status, or 0 when no answer came (unreachable, timeout, reset).</summary>
        public int StatusCode { get; }

        /// <summary>The service's error_code, or UNREACHABLE, TIMEOUT, CONNECTION_LOST for transport failures.</summary>
        public string ErrorCode { get; }

        public string ServiceMessage { get; }
        public string? RequestId { get; }

        /// <summary>True when the call may have been applied although no answer came: re-read before acting on it.</summary>
        public bool OutcomeUnknown { get; }

        public int Attempts { get; }

        /// <summary>The stable id of the failure, from what it means.</summary>
        public string ErrorId
            => IsUnreachable ? ErrorIds.RegionUnreachable
             : OutcomeUnknown ? ErrorIds.OutcomeUnknown
             : IsAuthenticationFailure ? ErrorIds.AuthenticationFailed
             : IsPermissionDenied ? ErrorIds.PermissionDenied
             : ErrorIds.DatabricksError;

        // What a failure means, decided here and only here: callers ask these, never status codes.

        /// <summary>The workspace could not be reached at all (refused, DNS, no answer in time).</summary>
        public bool IsUnreachable => ErrorCode == TransportErrorCodes.Unreachable || ErrorCode == TransportErrorCodes.Timeout;

        /// <summary>No answer came within the call's timeout (the host may be hung).</summary>
        public bool IsTimeout => ErrorCode == TransportErrorCodes.Timeout;

        /// <summary>
        /// The object asked for does not exist: 404 RESOURCE_DOES_NOT_EXIST, or the Jobs API's 400
        /// INVALID_PARAMETER_VALUE "Job ... does not exist".
        /// </summary>
        public bool IsNotFound
            => StatusCode == 404 || ErrorCode == "RESOURCE_DOES_NOT_EXIST"
               || (StatusCode == 400 && ErrorCode == "INVALID_PARAMETER_VALUE"
                   && ServiceMessage.IndexOf("does not exist", StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>
        /// Refused because of the object's state: it changed since it was read (a conditional edit),
        /// or an update is already active (a start). 409 RESOURCE_CONFLICT or ABORTED.
        /// </summary>
        public bool IsConflict => StatusCode == 409 && ErrorCode != "RESOURCE_ALREADY_EXISTS";

        /// <summary>What was to be created is there already: RESOURCE_ALREADY_EXISTS.</summary>
        public bool IsAlreadyExists => ErrorCode == "RESOURCE_ALREADY_EXISTS";

        /// <summary>Over the workspace's request limit: 429 REQUEST_LIMIT_EXCEEDED.</summary>
        public bool IsThrottled => StatusCode == 429;

        /// <summary>The service failed (500, 503, 504): for a write, it may have been applied anyway.</summary>
        public bool IsServerError => StatusCode >= 500;

        /// <summary>
        /// The credentials were refused: 401, or the 403 the service gives an invalid or expired
        /// token ("Invalid access token"). A 403 for a known identity without rights is not.
        /// </summary>
        public bool IsAuthenticationFailure
            => StatusCode == 401 || ErrorCode == "UNAUTHENTICATED"
               || (StatusCode == 403
                   && (ServiceMessage.IndexOf("invalid access token", StringComparison.OrdinalIgnoreCase) >= 0
                       || ServiceMessage.IndexOf("token is expired", StringComparison.OrdinalIgnoreCase) >= 0));

        /// <summary>A known identity without the rights for the call.</summary>
        public bool IsPermissionDenied => StatusCode == 403 && !IsAuthenticationFailure;

        private static string Compose(string host, string call, int status, string errorCode, string message, string? requestId,
            bool unknown, int attempts)
        {
            var what = status == 0 ? errorCode : $"{status} {errorCode}";
            var tail = requestId != null ? $" (request id {requestId})" : string.Empty;
            var tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
            var outcome = unknown ? " The call may have been applied: read the current state before trying again." : string.Empty;
            return $"{call} on {host} failed{tries}: {what}: {message}{tail}.{outcome}";
        }
    }
}
