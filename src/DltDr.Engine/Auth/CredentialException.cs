using System;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// Credentials could not be found or obtained. The message says what was tried and what to set; it never holds a secret.
    /// </summary>
    public sealed class CredentialException : Exception, IDrError
    {
        public CredentialException(string method, string message, Exception? inner = null, Uri? refusedBy = null) : base(message, inner)
        {
            Method = method;
            RefusedBy = refusedBy;
        }

        /// <summary>The authentication method involved (pat, oauth-m2m, azure-msi, ...), or "default" while choosing one.</summary>
        public string Method { get; }

        /// <summary>
        /// The token or identity endpoint that refused the client (401 or 403; 400 invalid_client, invalid_grant or
        /// unauthorized_client): the credentials were refused, not missing. Null when none were had at all (not configured,
        /// or the endpoint could not be reached).
        /// </summary>
        public Uri? RefusedBy { get; }

        public bool Refused => RefusedBy != null;

        public string ErrorId => ErrorIds.AuthenticationFailed;
    }
}
