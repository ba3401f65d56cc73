using System.Collections.Generic;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Status
{
    /// <summary>One problem found with a pair: its kind (a stable code), the region it is about (if one), and a sentence.</summary>
    public sealed class StatusProblem
    {
        internal StatusProblem(ProblemKind kind, Region? region, string message, IReadOnlyList<string>? failsChecks = null)
        {
            Kind = kind;
            Region = region;
            Message = message;
            FailsChecks = failsChecks ?? new[] { kind.FailsCheck };
        }

        public ProblemKind Kind { get; }

        /// <summary>The stable code: the name of its kind in <see cref="StatusRules"/>.</summary>
        public string Code => Kind.Code;

        public ProblemSeverity Severity => Kind.Severity;

        public Region? Region { get; }

        /// <summary>What is wrong and the command that fixes it.</summary>
        public string Message { get; }

        /// <summary>What is wrong: the message without its closing "Run ..." sentence.</summary>
        public string Summary => Split().Summary;

        /// <summary>What fixes it: the message's closing "Run ..." sentence, or what the problem table says fixes its kind.</summary>
        public string Fix => Split().Fix;

        private (string Summary, string Fix) Split()
        {
            var at = Message.LastIndexOf(" Run ", System.StringComparison.Ordinal);
            if (at < 0 || Message[at - 1] != '.') return (Message, Kind.Action);
            return (Message.Substring(0, at), Message.Substring(at + 1));
        }

        /// <summary>The readiness checks this problem fails: its kind's, and for some instances one more.</summary>
        public IReadOnlyList<string> FailsChecks { get; }

        /// <summary>Whether the problem is of one of these kinds.</summary>
        public bool Is(params ProblemKind[] kinds) => System.Array.IndexOf(kinds, Kind) >= 0;

        public override string ToString() => $"{Code}: {Message}";
    }
}
