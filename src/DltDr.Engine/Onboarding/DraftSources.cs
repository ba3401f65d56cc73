using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// What a live pipeline runs, as a pair carries it: its workspace folder, and either its
    /// notebooks (workspace paths, in the pipeline's order) or its include entries (files and globs
    /// relative to the folder, which is copied whole).
    /// </summary>
    internal sealed class DraftSources
    {
        public DraftSources(string directory, IReadOnlyList<string> notebooks, IReadOnlyList<string>? include, JArray otherLibraries)
        {
            OtherLibraries = otherLibraries;
            Directory = directory;
            Notebooks = notebooks;
            Include = include;
        }

        public string Directory { get; }
        public IReadOnlyList<string> Notebooks { get; }

        /// <summary>The jar, wheel and maven libraries kept as written, not copied.</summary>
        public JArray OtherLibraries { get; }

        /// <summary>Null for a pipeline of notebooks.</summary>
        public IReadOnlyList<string>? Include { get; }

        /// <summary>A notebook's file in the pair's folder: its path below the directory, its language's extension.</summary>
        public string FileOf(string workspacePath, string language)
            => workspacePath.Substring(Directory.Length + 1) + Pairs.PairDefinitionReader.ExtensionOf(language);
    }
}
