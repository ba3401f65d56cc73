namespace DltDr.Engine.Databricks
{
    /// <summary>Why a class's pace is what it is after a 429.</summary>
    public enum PaceCause
    {
        /// <summary>
        /// Most calls were refused: the workspace's limit. The pace is set under the accepted rate and the class is held.
        /// </summary>
        Limit,

        /// <summary>A few refusals: the pace is cut once and watched, to see whether slowing down cures them.</summary>
        Probing,

        /// <summary>Too few calls yet to judge (or the call was sent before the last decision): only the call that met it waits.</summary>
        Unjudged,

        /// <summary>Refusals that slowing down does not cure: the pace stays; only the call that met one waits.</summary>
        Noise,
    }
}
