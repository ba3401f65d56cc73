using System;

namespace DltDr.Engine.Operations
{
    /// <summary>A DR command refused or could not finish; the message says why and what to do.</summary>
    public sealed class DrOperationException : Exception
    {
        public DrOperationException(DrRefusal reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

        public DrRefusal Reason { get; }
    }
}
