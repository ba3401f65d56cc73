using System;

namespace DltDr.Emulator.Simulation
{
    /// <summary>How long, in virtual time, each phase of an update and a job run lasts.</summary>
    public sealed class EmulatorTimings
    {
        public TimeSpan Queued { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan WaitingForResources { get; set; } = TimeSpan.FromSeconds(4);
        public TimeSpan Initializing { get; set; } = TimeSpan.FromSeconds(3);
        public TimeSpan SettingUpTables { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long a triggered update stays RUNNING before it completes.</summary>
        public TimeSpan TriggeredRun { get; set; } = TimeSpan.FromSeconds(10);

        public TimeSpan Stopping { get; set; } = TimeSpan.FromSeconds(2);
        public TimeSpan JobRunPending { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan JobRunTerminating { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long a non-pipeline task (notebook, ...) of a job runs.</summary>
        public TimeSpan OtherTask { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Lifetime of OAuth tokens the emulator issues.</summary>
        public TimeSpan OAuthTokenLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Time from an update's creation to RUNNING.</summary>
        public TimeSpan StartupTotal => Queued + WaitingForResources + Initializing + SettingUpTables;
    }
}
