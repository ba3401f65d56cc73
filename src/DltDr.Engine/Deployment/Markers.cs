namespace DltDr.Engine.Deployment
{
    /// <summary>The tags DltDr writes on what it deploys, so it finds its own resources by marker, not by name alone.</summary>
    public static class Markers
    {
        public const string PairTag = "dltdr-pair";
        public const string RegionTag = "dltdr-region";
        public const string CatchUpTaskKey = "catch_up";

        /// <summary>
        /// Written on a pipeline when DltDr promotes it: when both regions are continuous, the newer one is the intended active region.
        /// </summary>
        public const string PromotedAtTag = "dltdr-promoted-at";

        /// <summary>
        /// Written on a pipeline when DltDr demotes it (in the same edit): the continuous update it ran
        /// processed data until then, so status knows the standby's freshness without its event log.
        /// </summary>
        public const string DemotedAtTag = "dltdr-demoted-at";

        /// <summary>The demotion marker on a pipeline's settings, when it has one.</summary>
        public static System.DateTimeOffset? DemotedAt(Databricks.Models.PipelineSettings? spec)
            => spec?.Tags != null && spec.Tags.TryGetValue(DemotedAtTag, out var t) ? ParseTime(t) : null;

        public static string FormatTime(System.DateTimeOffset t)
            => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        public static System.DateTimeOffset? ParseTime(string? text)
            => System.DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : (System.DateTimeOffset?)null;

        /// <summary>The promotion marker on a pipeline's settings, when it has one.</summary>
        public static System.DateTimeOffset? PromotedAt(Databricks.Models.PipelineSettings? spec)
            => spec?.Tags != null && spec.Tags.TryGetValue(PromotedAtTag, out var t) ? ParseTime(t) : null;

        /// <summary>
        /// Of two continuous regions, the one promoted last (the intended active one); null when the markers do not tell.
        /// </summary>
        public static Pairs.Region? LastPromoted(System.DateTimeOffset? primary, System.DateTimeOffset? secondary)
        {
            if (primary == secondary) return null;
            return (primary ?? System.DateTimeOffset.MinValue) > (secondary ?? System.DateTimeOffset.MinValue) ? Pairs.Region.Primary
                : Pairs.Region.Secondary;
        }

        public static string CatchUpJobName(string pipelineName) => pipelineName + " catch-up";
    }
}
