using System;

namespace DltDr.Emulator.Faults
{
    /// <summary>One injected fault: what it does, which requests it matches, on how many of them.</summary>
    public sealed class FaultRule
    {
        public FaultKind Kind { get; set; } = FaultKind.Status;

        /// <summary>The HTTP status for <see cref="FaultKind.Status"/>.</summary>
        public int Status { get; set; } = 503;

        /// <summary>The body's error_code; by default the one the service uses for <see cref="Status"/>.</summary>
        public string? ErrorCode { get; set; }

        /// <summary>Seconds sent in Retry-After, or none.</summary>
        public int? RetryAfterSeconds { get; set; }

        /// <summary>Only requests with this method (any when null).</summary>
        public string? Method { get; set; }

        /// <summary>Only requests whose path starts with this (any when null).</summary>
        public string? PathPrefix { get; set; }

        /// <summary>Only requests whose query string (unescaped) contains this (any when null): one notebook's export, say.</summary>
        public string? QueryContains { get; set; }

        /// <summary>Applies to the next N matching requests, then is used up; unlimited when null.</summary>
        public int? Remaining { get; set; }

        /// <summary>Applies to this share of matching requests (0..1, seeded random); every one when null.</summary>
        public double? Rate { get; set; }

        /// <summary>
        /// Runs when the rule is taken, as the request arrives and before the fault (or, for
        /// <see cref="FaultKind.Observe"/>, the request) is handled: a test acting at that instant.
        /// </summary>
        public Action? OnMatch { get; set; }

        public bool Matches(string method, string path, string? query = null)
            => (Method == null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
               && (PathPrefix == null || path.StartsWith(PathPrefix, StringComparison.Ordinal))
               && (QueryContains == null || (query ?? string.Empty).IndexOf(QueryContains, StringComparison.Ordinal) >= 0);

        public static string DefaultErrorCode(int status) => status switch
        {
            429 => "REQUEST_LIMIT_EXCEEDED",
            500 => "INTERNAL_ERROR",
            503 => "TEMPORARILY_UNAVAILABLE",
            504 => "DEADLINE_EXCEEDED",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 => "RESOURCE_DOES_NOT_EXIST",
            409 => "RESOURCE_CONFLICT",
            _ => "INTERNAL_ERROR",
        };

        public static string DefaultMessage(int status) => status switch
        {
            429 => "Too many requests. Please wait a moment and try again.",
            500 => "Internal error. Please try again later.",
            503 => "The service is temporarily unavailable. Please try again later.",
            504 => "The request timed out at the gateway.",
            _ => "Injected fault.",
        };
    }
}
