using System;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// Credentials could not be found or obtained. The message says what was tried and what to set; it never holds a secret.
    /// </summary>
    public sealed class CredentialException : Exception, IDrError
    {
        public CredentialException(string method, string message, Exception? inner = null) : base(message, inner) => Method = method;

        /// <summary>The authentication method involved (pat, oauth-m2m, azure-msi, ...), or "default" while choosing one.</summary>
        public string Method { get; }

        public string ErrorId => ErrorIds.AuthenticationFailed;
    }
}
