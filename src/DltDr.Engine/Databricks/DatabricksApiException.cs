using System;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Every failure of a Databricks call: the HTTP status (0 when no answer came), the service's
    /// <c>error_code</c> (or a DltDr code for transport failures), its message, and the request id.
    /// Messages are redacted: they never carry a token or secret.
    /// </summary>
    public sealed class DatabricksApiException : Exception
    {
        public DatabricksApiException(string host, string call, int status, string errorCode, string serviceMessage, string? requestId, bool outcomeUnknown, int attempts, Exception? inner = null)
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

        /// <summary>The workspace could not be reached at all (refused, DNS, no answer in time).</summary>
        public bool IsUnreachable => ErrorCode == TransportErrorCodes.Unreachable || ErrorCode == TransportErrorCodes.Timeout;

        /// <summary>
        /// The credentials were refused: 401, or the 403 the service gives an invalid or expired
        /// token ("Invalid access token"). A 403 for a known identity without rights is not.
        /// </summary>
        public bool IsAuthenticationFailure
            => StatusCode == 401 || ErrorCode == "UNAUTHENTICATED"
               || (StatusCode == 403 && (ServiceMessage.IndexOf("invalid access token", StringComparison.OrdinalIgnoreCase) >= 0 || ServiceMessage.IndexOf("token is expired", StringComparison.OrdinalIgnoreCase) >= 0));

        /// <summary>A known identity without the rights for the call.</summary>
        public bool IsPermissionDenied => StatusCode == 403 && !IsAuthenticationFailure;

        private static string Compose(string host, string call, int status, string errorCode, string message, string? requestId, bool unknown, int attempts)
        {
            var what = status == 0 ? errorCode : $"{status} {errorCode}";
            var tail = requestId != null ? $" (request id {requestId})" : string.Empty;
            var tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
            var outcome = unknown ? " The call may have been applied: read the current state before trying again." : string.Empty;
            return $"{call} on {host} failed{tries}: {what}: {message}{tail}.{outcome}";
        }
    }
}
