using System;

namespace DltDr.Engine.Operations
{
    /// <summary>A DR command refused or could not finish; the message says why and what to do.</summary>
    public sealed class DrOperationException : Exception
    {
        public DrOperationException(DrRefusal reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

        public DrRefusal Reason { get; }

        /// <summary>
        /// The refusal for a region that could not be read, named by why: its credentials
        /// (AuthenticationFailed), its rights (PermissionDenied), or the network (TargetUnreachable).
        /// </summary>
        internal static DrOperationException Unreadable(string label, Status.RegionStatus s, string consequence) => s.Failure switch
        {
            Status.RegionFailure.AuthenticationFailed => new DrOperationException(DrRefusal.AuthenticationFailed, $"{label} ({s.Host}) refused the credentials, {consequence}: {s.Error}"),
            Status.RegionFailure.PermissionDenied => new DrOperationException(DrRefusal.PermissionDenied, $"{label} ({s.Host}) denied the rights on the pair, {consequence}: {s.Error}"),
            _ => new DrOperationException(DrRefusal.TargetUnreachable, $"{label} ({s.Host}) cannot be reached, {consequence}: {s.Error}"),
        };
    }
}
