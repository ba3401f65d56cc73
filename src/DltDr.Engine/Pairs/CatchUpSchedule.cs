namespace DltDr.Engine.Pairs
{
    /// <summary>When the standby's catch-up job runs: a Quartz cron expression in a time zone.</summary>
    public sealed class CatchUpSchedule
    {
        public const string NightlyCron = "0 0 1 * * ?";

        public CatchUpSchedule(string quartzCron, string timeZone)
        {
            QuartzCron = quartzCron;
            TimeZone = timeZone;
        }

        public string QuartzCron { get; }
        public string TimeZone { get; }

        public override string ToString() => $"{QuartzCron} ({TimeZone})";
    }
}
