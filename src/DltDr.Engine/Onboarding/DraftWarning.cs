namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// A value of a live pipeline that cannot simply be copied to the other region (it names the
    /// primary's workspace, storage or region, or a per-workspace id), or a part DltDr does not carry:
    /// the field, why, and what to write or do.
    /// </summary>
    public sealed class DraftWarning
    {
        public DraftWarning(string field, string message, string remedy)
        {
            Field = field;
            Message = message;
            Remedy = remedy;
        }

        /// <summary>Where in the pipeline's settings, as the pair file names it (pipeline.configuration["sales.source"]).</summary>
        public string Field { get; }

        public string Message { get; }

        /// <summary>The regions.secondary.overrides line that would set it, or what to do.</summary>
        public string Remedy { get; }

        public override string ToString() => $"{Field}: {Message} {Remedy}";
    }
}
