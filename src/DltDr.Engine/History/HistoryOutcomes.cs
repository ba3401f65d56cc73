namespace DltDr.Engine.History
{
    /// <summary>How an operation in the history ended.</summary>
    public static class HistoryOutcomes
    {
        public const string Succeeded = "Succeeded";

        /// <summary>A switch that made the target active but could not demote the other region yet.</summary>
        public const string PendingDemotion = "PendingDemotion";

        /// <summary>Nothing needed changing (the target was already active, the settings as defined).</summary>
        public const string NoChange = "NoChange";
        public const string Failed = "Failed";

        /// <summary>Stopped by the user (Ctrl+C) or its host midway: the steps done are in the record.</summary>
        public const string Interrupted = "Interrupted";
    }
}
