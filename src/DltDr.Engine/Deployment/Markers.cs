namespace DltDr.Engine.Deployment
{
    /// <summary>The tags DltDr writes on what it deploys, so it finds its own resources by marker, not by name alone.</summary>
    public static class Markers
    {
        public const string PairTag = "dltdr-pair";
        public const string RegionTag = "dltdr-region";
        public const string CatchUpTaskKey = "catch_up";

        /// <summary>
        /// Written on the catch-up job of a pipeline DltDr adopted as it ran: the pipeline's id. A running
        /// continuous pipeline is not edited only to carry the marker (an edit restarts its update), so
        /// its job says which pipeline is the pair's until an edit made anyway adds the marker.
        /// </summary>
        public const string AdoptedPipelineTag = "dltdr-pipeline";

        /// <summary>Whether the pipeline is the pair's through its catch-up job's tag, not a marker of its own.</summary>
        public static bool IsAdopted(Databricks.Models.PipelineInfo? pipeline, Databricks.Models.Job? job)
            => pipeline?.PipelineId != null && !(pipeline.Spec?.Tags?.ContainsKey(PairTag) ?? false)
               && job?.Settings?.Tags != null && job.Settings.Tags.TryGetValue(AdoptedPipelineTag, out var id) && id == pipeline.PipelineId;

        /// <summary>
        /// A difference in DltDr's own tags alone: tags.dltdr-pair, or the tags as a whole when the
        /// workspace has none or only the definition's (every tag that differs is a dltdr- one).
        /// </summary>
        public static bool IsMarkerOnly(FieldChange change)
        {
            if (change.Field.StartsWith("tags.dltdr-", System.StringComparison.Ordinal)) return true;
            if (change.Field != "tags" || !(change.Desired is Newtonsoft.Json.Linq.JObject want)) return false;
            var have = change.Current as Newtonsoft.Json.Linq.JObject;
            return System.Linq.Enumerable.All(want.Properties(), t => t.Name.StartsWith("dltdr-", System.StringComparison.Ordinal)
                || Newtonsoft.Json.Linq.JToken.DeepEquals(t.Value, have?[t.Name]));
        }

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
