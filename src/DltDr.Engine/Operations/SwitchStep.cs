using System;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Operations
{
    /// <summary>One step Set-DltDrActiveRegion took: in which region, what, how it turned out, how long it took.</summary>
    public sealed class SwitchStep
    {
        public SwitchStep(Region region, string action, string outcome, TimeSpan duration, bool wrote)
        {
            Region = region;
            Action = action;
            Outcome = outcome;
            Duration = duration;
            Wrote = wrote;
        }

        public Region Region { get; }
        public string Action { get; }
        public string Outcome { get; }
        public TimeSpan Duration { get; }

        /// <summary>True when the step changed something in the workspace.</summary>
        public bool Wrote { get; }

        public override string ToString() => $"{Region}: {Action}: {Outcome} ({Duration.TotalSeconds:0.0} s)";
    }
}
