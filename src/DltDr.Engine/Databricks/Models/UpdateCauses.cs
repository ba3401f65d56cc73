namespace DltDr.Engine.Databricks.Models
{
    /// <summary>Why a pipeline update started (the service's <c>cause</c>), where DltDr decides on it.</summary>
    public static class UpdateCauses
    {
        /// <summary>Started by a job task: a standby's catch-up.</summary>
        public const string JobTask = "JOB_TASK";
    }
}
