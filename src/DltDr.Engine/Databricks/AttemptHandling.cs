namespace DltDr.Engine.Databricks
{
    /// <summary>What the transport's retry loop does with a failed attempt, besides retrying or not by the call's kind.</summary>
    public enum AttemptHandling
    {
        /// <summary>Retried by the call's kind, after its Retry-After or a backoff, within the retry deadline.</summary>
        ByKind,

        /// <summary>The request never left: retried for every kind a few times, then the host is unreachable for the command.</summary>
        Reconnect,

        /// <summary>The credentials were refused: fetched again once (a cached token expired or was revoked), then the error.</summary>
        RefreshCredentials,
    }
}
