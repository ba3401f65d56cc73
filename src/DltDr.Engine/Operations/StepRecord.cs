using System;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Operations
{
    /// <summary>
    /// One step a switch took: which step of <see cref="SwitchSteps"/>, in which region, how it turned out, how long it took.
    /// </summary>
    public sealed class StepRecord
    {
        public StepRecord(SwitchStep step, Region region, string outcome, TimeSpan duration, bool wrote, string? action = null)
        {
            Step = step.Id;
            Region = region;
            Action = action ?? step.Title;
            Outcome = outcome;
            Duration = duration;
            Wrote = wrote;
        }

        /// <summary>
        /// The step's id in <see cref="SwitchSteps"/>: read, promote, pause, wait-running, demote, resume, stop, wait-idle, verify,
        /// or put-back after a lost race.
        /// </summary>
        public string Step { get; }

        public Region Region { get; }

        /// <summary>What the step does, as the step list names it (a put-back: what it put back).</summary>
        public string Action { get; }

        public string Outcome { get; }
        public TimeSpan Duration { get; }

        /// <summary>True when the step changed something in the workspace.</summary>
        public bool Wrote { get; }

        /// <summary>True when the step failed (its outcome says how).</summary>
        public bool Failed { get; internal set; }

        public override string ToString() => $"{Region}: {Action}: {Outcome} ({Duration.TotalSeconds:0.0} s)";
    }
}
