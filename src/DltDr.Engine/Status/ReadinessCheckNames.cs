namespace DltDr.Engine.Status
{
    /// <summary>The checks Test-DltDrFailover makes, in the order it reports them.</summary>
    public static class ReadinessCheckNames
    {
        public const string Reachable = "Reachable";
        public const string Credentials = "Credentials";
        public const string Roles = "Roles";
        public const string Settings = "Settings";
        public const string StandbyLag = "StandbyLag";
        public const string CatchUpJob = "CatchUpJob";
        public const string Validation = "Validation";
        public const string ExpectedRecovery = "ExpectedRecovery";
    }
}
