namespace DltDr.Engine.Databricks
{
    /// <summary>Error codes DltDr gives failures that have no answer from the service.</summary>
    public static class TransportErrorCodes
    {
        /// <summary>No connection could be made (refused, name not resolved, network unreachable).</summary>
        public const string Unreachable = "UNREACHABLE";

        /// <summary>No answer within the per-request timeout.</summary>
        public const string Timeout = "TIMEOUT";

        /// <summary>The connection dropped after the request was sent.</summary>
        public const string ConnectionLost = "CONNECTION_LOST";

        /// <summary>The answer was not the JSON the service sends.</summary>
        public const string InvalidResponse = "INVALID_RESPONSE";
    }
}
