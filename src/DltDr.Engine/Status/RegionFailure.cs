namespace DltDr.Engine.Status
{
    /// <summary>Why a region could not be read: the network, the credentials, the rights, or the service.</summary>
    public enum RegionFailure
    {
        /// <summary>The region was read.</summary>
        None,

        /// <summary>No connection, or no answer in time: the region may be down.</summary>
        Unreachable,

        /// <summary>
        /// The workspace, or the token or identity endpoint its auth uses, refused the credentials: the region may be running.
        /// </summary>
        AuthenticationFailed,

        /// <summary>
        /// No credentials could be had (none configured, a profile missing, the token endpoint could
        /// not be reached), so the workspace was not asked: whether it answers, or runs, is not known.
        /// </summary>
        CredentialsUnavailable,

        /// <summary>The identity is known but lacks the rights on the pair's pipeline, job or folder.</summary>
        PermissionDenied,

        /// <summary>The service answered with another error.</summary>
        Error,
    }
}
