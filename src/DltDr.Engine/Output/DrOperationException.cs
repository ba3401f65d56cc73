using System;

namespace DltDr.Engine.Output
{
    /// <summary>A DR command refused or could not finish; the message says why and what to do.</summary>
    public sealed class DrOperationException : Exception, IDrError
    {
        public DrOperationException(DrRefusal reason, string message, Exception? inner = null, NextStep? next = null) : base(message, inner)
        {
            Reason = reason;
            Next = next;
        }

        public DrRefusal Reason { get; }

        public string ErrorId => Reason.ToString();

        /// <summary>The command that fixes it or finishes what was left, when there is one.</summary>
        public NextStep? Next { get; }

        /// <summary>
        /// Refusals made before the first write (a region unreachable, not published, refused
        /// credentials, an invalid definition) are the command's own output, not history: nothing
        /// happened to the pair, and "nothing written" stays true.
        /// </summary>
        public static bool IsRefusalBeforeWrite(Exception ex) => ex switch
        {
            DrOperationException dr => dr.Reason == DrRefusal.TargetUnreachable || dr.Reason == DrRefusal.OtherRegionUnreachable
                || dr.Reason == DrRefusal.NotPublished || dr.Reason == DrRefusal.CatchUpOnActiveRegion
                    || dr.Reason == DrRefusal.NoStandbyRegion
                || dr.Reason == DrRefusal.AuthenticationFailed || dr.Reason == DrRefusal.PermissionDenied
                    || dr.Reason == DrRefusal.UpstreamFailed,
            Auth.CredentialException _ => true,
            Pairs.PairDefinitionException _ => true,
            _ => false,
        };
    }
}
