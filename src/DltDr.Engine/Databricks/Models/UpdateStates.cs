using System;
using System.Linq;

namespace DltDr.Engine.Databricks.Models
{
    /// <summary>An update's <c>state</c> as the Pipelines API names it, and which of them are still going.</summary>
    public static class UpdateStates
    {
        public const string Queued = "QUEUED";
        public const string Created = "CREATED";
        public const string WaitingForResources = "WAITING_FOR_RESOURCES";
        public const string Initializing = "INITIALIZING";
        public const string Resetting = "RESETTING";
        public const string SettingUpTables = "SETTING_UP_TABLES";
        public const string Running = "RUNNING";
        public const string Stopping = "STOPPING";
        public const string Completed = "COMPLETED";
        public const string Failed = "FAILED";
        public const string Canceled = "CANCELED";

        private static readonly string[] Starting = { Queued, Created, WaitingForResources, Initializing, Resetting, SettingUpTables };

        /// <summary>Before RUNNING: the update was asked for and is being set up.</summary>
        public static bool IsStarting(string? state) => state != null && Starting.Contains(state, StringComparer.Ordinal);

        /// <summary>Not yet ended: starting, running or stopping.</summary>
        public static bool IsActive(string? state) => IsStarting(state) || state == Running || state == Stopping;

        public static bool IsEnded(string? state) => state == Completed || state == Failed || state == Canceled;
    }
}
