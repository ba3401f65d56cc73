namespace DltDr.Engine.Status
{
    /// <summary>The stable codes of the problems Get-DltDrStatus reports.</summary>
    public static class StatusProblemCodes
    {
        public const string BothActive = "BothActive";
        public const string NoneActive = "NoneActive";
        public const string ModeJobMismatch = "ModeJobMismatch";
        public const string StaleStandby = "StaleStandby";
        public const string CatchUpFailing = "CatchUpFailing";
        public const string RegionUnreachable = "RegionUnreachable";
        public const string RegionError = "RegionError";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string PermissionDenied = "PermissionDenied";
        public const string SettingsDrift = "SettingsDrift";
        public const string PendingDemotion = "PendingDemotion";
        public const string NotPublished = "NotPublished";
        public const string ActiveNotRunning = "ActiveNotRunning";
        public const string PromotionFailed = "PromotionFailed";
        public const string StandbyLagging = "StandbyLagging";
    }
}
