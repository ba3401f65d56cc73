namespace DltDr.Engine.Status
{
    /// <summary>How bad a problem is.</summary>
    public enum ProblemSeverity
    {
        /// <summary>The pair is not in a state a failover can rely on: something must be done.</summary>
        Error,

        /// <summary>The pair works, but is degraded (stale, drifted, a catch-up failing).</summary>
        Warning,
    }

    /// <summary>
    /// One kind of status problem, as <see cref="StatusRules"/> lists them: its stable code, how bad
    /// it is, the readiness check of Test-DltDrFailover it fails, what it means and what fixes it
    /// (about_DltDr says the same, word for word, and a test holds the two equal), and the rule that
    /// finds it.
    /// </summary>
    public sealed class ProblemKind
    {
        internal ProblemKind(string code, ProblemSeverity severity, string failsCheck, string help, string action)
        {
            Code = code;
            Severity = severity;
            FailsCheck = failsCheck;
            Help = help;
            Action = action;
        }

        public string Code { get; }
        public ProblemSeverity Severity { get; }

        /// <summary>The readiness check (a <c>ReadinessCheckNames</c> name) that fails while the pair has this problem.</summary>
        public string FailsCheck { get; }

        /// <summary>What the problem means, in one or two sentences.</summary>
        public string Help { get; }

        /// <summary>What fixes it.</summary>
        public string Action { get; }

        public override string ToString() => Code;
    }
}
