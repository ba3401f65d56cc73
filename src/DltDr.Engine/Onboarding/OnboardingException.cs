using System;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// A pipeline New-DltDrPair cannot take in (not found, a name several pipelines have, a source it
    /// cannot carry, a pair file already there): the id says which, the message names the field or
    /// the pipeline and what to do. Nothing of that pipeline was written.
    /// </summary>
    public sealed class OnboardingException : Exception, IDrError
    {
        public OnboardingException(string errorId, string message) : base(message) => ErrorId = errorId;

        public string ErrorId { get; }
    }
}
