namespace DltDr.Engine.Databricks
{
    /// <summary>What repeating a call would do, which decides when the transport may retry it.</summary>
    public enum CallKind
    {
        /// <summary>Reads change nothing: retried on 429, 500, 503, 504, timeouts and connection failures.</summary>
        Read,

        /// <summary>
        /// Writes that land the same way twice (edit, reset, stop, import with overwrite): retried like reads except 500 and 504.
        /// </summary>
        IdempotentWrite,

        /// <summary>
        /// Calls that start or create something (create, start update, run-now without a token):
        /// never repeated once they may have reached the service; an ambiguous failure is raised
        /// as such so the caller re-reads state.
        /// </summary>
        StartingWrite,
    }
}
