namespace DltDr.Engine.Status
{
    /// <summary>Which region of a pair is active, as read from the workspaces.</summary>
    public enum ActiveRegion
    {
        /// <summary>Not known: a region that may be active could not be read.</summary>
        Unknown,
        Primary,
        Secondary,

        /// <summary>Both pipelines are continuous: a failover did not finish, or was forced.</summary>
        Both,

        /// <summary>Neither pipeline is continuous: nothing is serving.</summary>
        None,
    }
}
