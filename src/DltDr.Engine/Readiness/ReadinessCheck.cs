namespace DltDr.Engine.Readiness
{
    /// <summary>One check of a failover readiness test: its name, how it ended and why.</summary>
    public sealed class ReadinessCheck
    {
        public ReadinessCheck(string name, ReadinessOutcome outcome, string detail)
        {
            Name = name;
            Outcome = outcome;
            Detail = detail;
        }

        /// <summary>One of <see cref="ReadinessCheckNames"/>.</summary>
        public string Name { get; }
        public ReadinessOutcome Outcome { get; }
        public string Detail { get; }

        public override string ToString() => $"{Name}: {Outcome}: {Detail}";
    }
}
