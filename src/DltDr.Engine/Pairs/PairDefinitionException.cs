using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>A pair definition with problems; lists every one of them.</summary>
    public sealed class PairDefinitionException : Exception, IDrError
    {
        public PairDefinitionException(IReadOnlyList<PairProblem> problems)
            : base(problems.Count == 1
                ? "The pair definition is not valid: " + problems[0]
                : $"The pair definition has {problems.Count} problems:"
                    + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)))
        {
            Problems = problems;
        }

        public IReadOnlyList<PairProblem> Problems { get; }

        public string ErrorId => ErrorIds.InvalidPairDefinition;
    }
}
