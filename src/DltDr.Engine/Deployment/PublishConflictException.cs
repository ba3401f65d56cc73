using System;

namespace DltDr.Engine.Deployment
{
    /// <summary>
    /// Publishing cannot go on in a region: a resource belongs to something else, or a change the service cannot make was asked for.
    /// </summary>
    public sealed class PublishConflictException : Exception, IDrError
    {
        public PublishConflictException(string reason, string message) : base(message) => Reason = reason;

        /// <summary>NotOurs (an unmarked resource of the same name), AmbiguousMarker, or ImmutableField.</summary>
        public string Reason { get; }

        public string ErrorId => Reason switch
        {
            "NotOurs" => ErrorIds.ResourceNotOwned,
            "AmbiguousMarker" => ErrorIds.AmbiguousMarker,
            _ => ErrorIds.ImmutableSetting,
        };
    }
}
