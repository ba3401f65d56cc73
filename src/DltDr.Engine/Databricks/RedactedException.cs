using System;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Stands in for a low-level exception (socket, TLS) inside a <see cref="DatabricksApiException"/>,
    /// keeping its type name and a redacted message but no reference to the original, whose
    /// properties could hold request details.
    /// </summary>
    public sealed class RedactedException : Exception
    {
        public RedactedException(string message, string originalType) : base(message) => OriginalType = originalType;

        public string OriginalType { get; }
    }
}
