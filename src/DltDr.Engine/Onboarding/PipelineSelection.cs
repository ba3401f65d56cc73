using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Onboarding
{
    /// <summary>Which live pipelines of the primary workspace to take in: by name (wildcards allowed), by id, or all.</summary>
    public sealed class PipelineSelection
    {
        public PipelineSelection(IEnumerable<string>? names, IEnumerable<string>? ids, bool all)
        {
            Names = (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
            Ids = (ids ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
            All = all;
        }

        public IReadOnlyList<string> Names { get; }
        public IReadOnlyList<string> Ids { get; }
        public bool All { get; }
    }
}
