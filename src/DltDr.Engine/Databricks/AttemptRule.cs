using System;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// One kind of failed attempt, as data: what matches it (the answer's status, or the transport's
    /// own error code when there was no answer), whether a call of each <see cref="CallKind"/> is sent
    /// again, and whether a write's outcome is unknown (it may have been applied).
    /// </summary>
    public sealed class AttemptRule
    {
        private readonly Func<int, string, bool> _matches;
        private readonly Func<CallKind, bool> _retries;
        private readonly Func<CallKind, bool> _outcomeUnknown;

        internal AttemptRule(string name, string means, Func<int, string, bool> matches, Func<CallKind, bool> retries,
            Func<CallKind, bool> outcomeUnknown, AttemptHandling handling = AttemptHandling.ByKind)
        {
            Name = name;
            Means = means;
            _matches = matches;
            _retries = retries;
            _outcomeUnknown = outcomeUnknown;
            Handling = handling;
        }

        /// <summary>A short name, as the help lists it.</summary>
        public string Name { get; }

        /// <summary>What the failure is, in words.</summary>
        public string Means { get; }

        public AttemptHandling Handling { get; }

        /// <summary>Whether the rule covers an attempt answered <paramref name="status"/> (0: none) with <paramref name="code"/>.</summary>
        public bool Matches(int status, string code) => _matches(status, code);

        /// <summary>Whether a call of <paramref name="kind"/> that failed so is sent again.</summary>
        public bool Retries(CallKind kind) => _retries(kind);

        /// <summary>Whether a call of <paramref name="kind"/> that failed so may have been applied all the same.</summary>
        public bool OutcomeUnknown(CallKind kind) => _outcomeUnknown(kind);
    }
}
