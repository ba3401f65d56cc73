namespace DltDr.Engine.Databricks.Models
{
    /// <summary>A job run's life cycle and result states as the Jobs API names them.</summary>
    public static class RunStates
    {
        public const string Pending = "PENDING";
        public const string Queued = "QUEUED";
        public const string Running = "RUNNING";
        public const string Terminating = "TERMINATING";
        public const string Terminated = "TERMINATED";
        public const string Skipped = "SKIPPED";
        public const string InternalError = "INTERNAL_ERROR";

        public const string Success = "SUCCESS";
        public const string Failed = "FAILED";
        public const string TimedOut = "TIMEDOUT";
        public const string Canceled = "CANCELED";
        public const string UpstreamFailed = "UPSTREAM_FAILED";

        /// <summary>Result states of a run that did not succeed for a reason of its own (not cancelled or skipped).</summary>
        public static readonly string[] FailedResults = { Failed, TimedOut, InternalError, UpstreamFailed };
    }
}
