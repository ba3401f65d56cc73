namespace DltDr.Engine.Reports
{
    /// <summary>Where a pair stands against what it promises, as the report's summary counts it.</summary>
    public enum PairStanding
    {
        /// <summary>Healthy, ready, tested in the period, within every objective it has.</summary>
        WithinObjectives,

        /// <summary>
        /// Nothing broken, but something an auditor would ask about: a warning, no drill in the period, no objective, a region's history
        /// unread.
        /// </summary>
        AtRisk,

        /// <summary>A failover now would not work, or would break an objective: an error, a failed readiness check.</summary>
        Failing,
    }
}
