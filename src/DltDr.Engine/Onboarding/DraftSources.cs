using System.Collections.Generic;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// What a live pipeline runs, as a pair carries it: its workspace folder, and either its
    /// notebooks (workspace paths, in the pipeline's order) or its include entries (files and globs
    /// relative to the folder, which is copied whole).
    /// </summary>
    internal sealed class DraftSources
    {
        public DraftSources(string directory, IReadOnlyList<string> notebooks, IReadOnlyList<string>? include)
        {
            Directory = directory;
            Notebooks = notebooks;
            Include = include;
        }

        public string Directory { get; }
        public IReadOnlyList<string> Notebooks { get; }

        /// <summary>Null for a pipeline of notebooks.</summary>
        public IReadOnlyList<string>? Include { get; }
    }
}
