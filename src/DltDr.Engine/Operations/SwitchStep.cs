using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Operations
{
    /// <summary>Which region of the pair a step works on.</summary>
    public enum StepRegion
    {
        /// <summary>Both regions, at once.</summary>
        Both,

        /// <summary>The region being made active.</summary>
        Target,

        /// <summary>The region being made standby.</summary>
        Other,
    }

    /// <summary>What a failure of a step does to the switch; the runner (<see cref="RegionSwitcher"/>) applies it.</summary>
    public enum StepFailure
    {
        /// <summary>The switch stops with an error (before anything was written, a refusal).</summary>
        Stops,

        /// <summary>The target runs anyway: the switch goes on and names the step as a follow-up that a rerun finishes.</summary>
        FollowUp,

        /// <summary>The other region is left pending demotion, which a rerun finishes; the switch goes on where it can.</summary>
        PendingDemotion,
    }

    /// <summary>
    /// One step of a switch, as data: its name, its region, the call it makes, when it applies (a
    /// predicate over what the switch has observed, never a flag another step set), what the pair is
    /// left like if the command stops right after it, what a failure does, and how a switch that
    /// lost the pair to another operator puts it back. The runner goes through
    /// <see cref="SwitchSteps.All"/> in order; -WhatIf, progress, the history, the help's step table
    /// and the fault tests all read the same list.
    /// </summary>
    public sealed class SwitchStep
    {
        internal SwitchStep(string id, string title, StepRegion region, string call, string needs, string leaves,
            IReadOnlyList<string> leavesProblems, StepFailure onFailure, string whatIf,
            Func<SwitchRun, bool, CancellationToken, Task<StepOutcome>> run, Func<SwitchRun, bool> applies,
            Func<SwitchRun, bool>? hasWork = null, bool background = false, int attempts = 1,
            Func<SwitchRun, Exception, string>? failure = null, string? putBack = null, string? helpNote = null)
        {
            HelpNote = helpNote;
            Id = id;
            Title = title;
            Region = region;
            Call = call;
            Needs = needs;
            Leaves = leaves;
            LeavesProblems = leavesProblems;
            OnFailure = onFailure;
            WhatIf = whatIf;
            Run = run;
            Applies = applies;
            HasWork = hasWork ?? applies;
            Background = background;
            Attempts = attempts;
            Failure = failure;
            PutBackText = putBack;
        }

        /// <summary>A short stable name: read, promote, pause, wait-running, demote, resume, stop, wait-idle, verify.</summary>
        public string Id { get; }

        /// <summary>What the step does, as progress, results and the history name it.</summary>
        public string Title { get; }

        public StepRegion Region { get; }

        /// <summary>The REST call of a writing step (<c>PUT /api/2.0/pipelines/{id}</c>), or what a reading step reads.</summary>
        public string Call { get; }

        /// <summary>True for a step that changes the workspace.</summary>
        public bool Writes => !Call.StartsWith("GET", StringComparison.Ordinal);

        /// <summary>The HTTP method of the step's call.</summary>
        public string Method => Call.Substring(0, Call.IndexOf(' '));

        /// <summary>The path of the step's call up to its first placeholder, e.g. <c>/api/2.0/pipelines/</c>.</summary>
        public string PathPrefix
        {
            get
            {
                var path = Call.Substring(Method.Length + 1).Split(' ', ',')[0];
                var brace = path.IndexOf('{');
                return brace < 0 ? path : path.Substring(0, brace);
            }
        }

        /// <summary>The path of the step's (first) call with <c>{id}</c> filled in, e.g. <c>/api/2.0/pipelines/1234/stop</c>.</summary>
        public string PathFor(string id) => Call.Substring(Method.Length + 1).Split(' ', ',')[0].Replace("{id}", id);

        /// <summary>What must have been observed for the step to run, in words (<see cref="Applies"/> is the same as code).</summary>
        public string Needs { get; }

        /// <summary>What the pair is left like when the command stops right after this step, and what finishes it.</summary>
        public string Leaves { get; }

        /// <summary>The status problems the pair shows when the command stops right after this step.</summary>
        public IReadOnlyList<string> LeavesProblems { get; }

        public StepFailure OnFailure { get; }

        /// <summary>How many times the runner tries the step when it fails (its write is idempotent: a retry reads afresh).</summary>
        public int Attempts { get; }

        /// <summary>How -WhatIf words the step, with {target} and {other} for the regions.</summary>
        public string WhatIf { get; }

        /// <summary>
        /// What a switch that lost the pair to another operator does about this step's write, in words;
        /// null when the write needs nothing put back (the winner's own switch redoes it).
        /// </summary>
        public string? PutBackText { get; }

        /// <summary>
        /// What the help's step list says of the step beyond its call (how long it waits, what it is
        /// conditional on); null when nothing. The help pages' step list is rendered from these steps.
        /// </summary>
        public string? HelpNote { get; }

        /// <summary>
        /// The step runs alongside the steps after it, finished before verify (and before a rollback):
        /// what comes next does not wait for it, and its failure does not hold them up.
        /// </summary>
        public bool Background { get; }

        /// <summary>Whether the step applies, from what the switch has observed.</summary>
        internal Func<SwitchRun, bool> Applies { get; }

        /// <summary>
        /// Whether what was observed still leaves the step something to change: after the final read,
        /// a further pass runs only the steps that do (an operator's change met midway).
        /// </summary>
        internal Func<SwitchRun, bool> HasWork { get; }

        /// <summary>For a step whose failure does not stop the switch: the reason kept (the follow-up or the pending demotion).</summary>
        internal Func<SwitchRun, Exception, string>? Failure { get; }

        /// <summary>The step's work; told whether this is a retry (which reads afresh what it writes).</summary>
        internal Func<SwitchRun, bool, CancellationToken, Task<StepOutcome>> Run { get; }

        public override string ToString() => Id;
    }
}
