namespace DltDr.Engine.Databricks.Models
{
    /// <summary>
    /// A pipeline's <c>state</c> as the Pipelines API names it. Strings, so a state the service adds later passes through.
    /// </summary>
    public static class PipelineStates
    {
        public const string Idle = "IDLE";
        public const string Running = "RUNNING";
        public const string Starting = "STARTING";
        public const string Stopping = "STOPPING";
        public const string Failed = "FAILED";
        public const string Deleted = "DELETED";
        public const string Recovering = "RECOVERING";
        public const string Resetting = "RESETTING";
        public const string Deploying = "DEPLOYING";
    }
}
