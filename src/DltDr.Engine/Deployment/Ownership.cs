namespace DltDr.Engine.Deployment
{
    /// <summary>What to do with a same-named resource that lacks DltDr's marker.</summary>
    public enum Ownership
    {
        /// <summary>Refuse it: it belongs to something else (Publish without -Adopt).</summary>
        Strict,

        /// <summary>Take it over (Publish -Adopt).</summary>
        Adopt,

        /// <summary>Ignore it: only marked resources count (status, catch-up, failover).</summary>
        MarkedOnly,
    }
}
