namespace DltDr.Engine.Operations
{
    /// <summary>How one run of a step turned out: what to record, and whether it changed anything.</summary>
    internal sealed class StepOutcome
    {
        private StepOutcome(string text, bool wrote, bool skipped)
        {
            Text = text;
            Wrote = wrote;
            Skipped = skipped;
        }

        public string Text { get; }
        public bool Wrote { get; }

        /// <summary>Not run at all: nothing to record.</summary>
        public bool Skipped { get; }

        public static StepOutcome Done(string text) => new StepOutcome(text, wrote: false, skipped: false);

        public static StepOutcome Changed(string text) => new StepOutcome(text, wrote: true, skipped: false);

        public static readonly StepOutcome Skip = new StepOutcome(string.Empty, wrote: false, skipped: true);
    }
}
