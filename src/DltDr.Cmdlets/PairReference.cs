using System;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// A pair given by name (wildcards allowed) or as a definition object. PowerShell converts a
    /// string, a PairDefinition or any DltDr result to it, so -Pair takes names, Get-DltDrPair
    /// output, and every DltDr result from the pipeline with the definition it was made from.
    /// </summary>
    public sealed class PairReference
    {
        public PairReference(string name)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A pair name cannot be empty.", nameof(name));
            Name = name.Trim();
        }

        public PairReference(PairDefinition definition)
        {
            Definition = definition ?? throw new ArgumentNullException(nameof(definition));
            Name = definition.Name;
        }

        /// <summary>
        /// The output of Get-DltDrStatus, Set-DltDrActiveRegion, Invoke-DltDrCatchUp or Publish-DltDrPipeline: its pair's definition
        /// travels on.
        /// </summary>
        public PairReference(IPairResult result)
            : this((result ?? throw new ArgumentNullException(nameof(result))).GetDefinition())
        {
        }

        public string Name { get; }

        /// <summary>The definition, when an object was given rather than a name.</summary>
        public PairDefinition? Definition { get; }

        public override string ToString() => Name;
    }
}
