namespace DltDr.Engine.Readiness
{
    /// <summary>How one readiness check ended.</summary>
    public enum ReadinessOutcome
    {
        Passed,
        Failed,

        /// <summary>Could not be checked now (for example an update is already running); not a failure.</summary>
        Skipped,

        /// <summary>Informs, never fails (the recovery time to expect).</summary>
        Info,
    }
}
