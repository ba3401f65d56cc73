using System;

namespace DltDr.Emulator.Model
{
    /// <summary>One request a workspace received, as tests read it back. Never holds a credential.</summary>
    public sealed class RequestLogEntry
    {
        /// <summary>When the request was logged, on its way out (after its answer).</summary>
        public long Sequence { get; set; }

        /// <summary>
        /// The order in which the workspace applied its requests (each handled whole under the
        /// simulation's lock): a read with a lower number saw none of a write with a higher one.
        /// Null for a request that was not handled (a fault, a 429, refused credentials).
        /// </summary>
        public long? Handled { get; set; }
        public DateTimeOffset VirtualTime { get; set; }
        public DateTimeOffset RealTime { get; set; }
        public string Method { get; set; } = string.Empty;
        public string Path { get; set; } = string.Empty;
        public string Query { get; set; } = string.Empty;

        /// <summary>The status answered, or null when no answer was sent (reset, hang, applied-then-timeout).</summary>
        public int? Status { get; set; }

        /// <summary>The fault applied, if any: status, reset, applied_then_timeout, hang, hung.</summary>
        public string? Fault { get; set; }

        /// <summary>A POST, PUT, PATCH or DELETE to the REST API: something that may change state.</summary>
        public bool IsWrite { get; set; }

        public string? User { get; set; }
        public string? UserAgent { get; set; }
        public string? RequestId { get; set; }
        public bool AzureManagementTokenSent { get; set; }
        public string? AzureWorkspaceResourceId { get; set; }

        /// <summary>The JSON body of a REST write (not of OAuth calls), for tests that check what was sent.</summary>
        public string? Body { get; set; }
    }
}
