using System;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// A pair given by name (wildcards allowed) or as a definition object. PowerShell converts a
    /// string or a PairDefinition to it, so -Pair takes names, Get-DltDrPair output, and the Pair
    /// property of any DltDr result from the pipeline.
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

        public string Name { get; }

        /// <summary>The definition, when an object was given rather than a name.</summary>
        public PairDefinition? Definition { get; }

        public override string ToString() => Name;
    }
}
