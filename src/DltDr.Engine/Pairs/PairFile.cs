using System.Collections.Generic;

namespace DltDr.Engine.Pairs
{
    /// <summary>A pair definition file found in the store by its name, and any other file defining the same name.</summary>
    public sealed class PairFile
    {
        public PairFile(string name, string path, IReadOnlyList<string> conflicts)
        {
            Name = name;
            Path = path;
            Conflicts = conflicts;
        }

        public string Name { get; }
        public string Path { get; }

        /// <summary>Other files of the store with the same pair name (another folder, or .json beside .jsonc).</summary>
        public IReadOnlyList<string> Conflicts { get; }
    }
}
