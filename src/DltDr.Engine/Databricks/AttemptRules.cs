using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Every kind of failed attempt and what the transport does about it, in one table that the retry
    /// loop (<see cref="DatabricksTransport.SendAsync"/>) reads and the help renders: the first rule
    /// that matches decides. A read is sent again whenever that is safe; a write whose outcome is
    /// unknown is never sent again blindly when it starts something (the caller reads state instead).
    /// </summary>
    public static class AttemptRules
    {
        private static bool Reads(CallKind k) => k == CallKind.Read;

        private static bool Writes(CallKind k) => k != CallKind.Read;

        public static readonly AttemptRule NotSent = new AttemptRule("not sent",
            "no connection could be made (refused, name not resolved, network unreachable, TLS handshake failed): nothing was applied",
            (s, c) => s == 0 && c == TransportErrorCodes.Unreachable, _ => true, _ => false, AttemptHandling.Reconnect);

        public static readonly AttemptRule TimedOut = new AttemptRule("timed out",
            "no answer within the attempt's timeout: a write may have been applied",
            (s, c) => s == 0 && c == TransportErrorCodes.Timeout, k => k != CallKind.StartingWrite, Writes);

        public static readonly AttemptRule ConnectionLost = new AttemptRule("connection lost",
            "the connection dropped after the request was sent: a write may have been applied",
            (s, c) => s == 0 && c == TransportErrorCodes.ConnectionLost, k => k != CallKind.StartingWrite, Writes);

        public static readonly AttemptRule Throttled = new AttemptRule("throttled",
            "429: over the workspace's request limit; nothing was applied, the call waits its Retry-After",
            (s, c) => s == 429, _ => true, _ => false);

        public static readonly AttemptRule Unavailable = new AttemptRule("unavailable",
            "503: the service did not take the call; nothing was applied",
            (s, c) => s == 503, _ => true, _ => false);

        public static readonly AttemptRule ServerError = new AttemptRule("server error",
            "500 or 504: the service failed or gave up answering; a write may have been applied",
            (s, c) => s == 500 || s == 504, Reads, Writes);

        public static readonly AttemptRule CredentialsRefused = new AttemptRule("credentials refused",
            "401 or 403: the token was refused (a cached one expired or was revoked) or may not make the call",
            (s, c) => s == 401 || s == 403, _ => false, _ => false, AttemptHandling.RefreshCredentials);

        public static readonly AttemptRule Refused = new AttemptRule("refused",
            "any other answer (400, 404, 409, ...), or an answer that is not JSON: the error, at once",
            (s, c) => true, _ => false, _ => false);

        /// <summary>The rules in the order they are tried; the last matches everything.</summary>
        public static IReadOnlyList<AttemptRule> All { get; } = new[]
        {
            NotSent, TimedOut, ConnectionLost, Throttled, Unavailable, ServerError, CredentialsRefused, Refused,
        };

        /// <summary>The rule for an attempt answered <paramref name="status"/> (0: no answer) with <paramref name="code"/>.</summary>
        public static AttemptRule Of(int status, string code) => All.First(r => r.Matches(status, code));
    }
}
