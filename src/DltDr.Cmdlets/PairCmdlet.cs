using System;
using System.Collections.Generic;
using System.Management.Automation;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that act on pairs: -Pair by name (wildcards) or object, from the
    /// pipeline too; pairs are collected as they come and worked on together in EndProcessing,
    /// at most -ThrottleLimit at once, calls to each workspace limited per host.
    /// </summary>
    public abstract class PairCmdlet : EngineCmdlet
    {
        private readonly List<PairDefinition> _pairs = new List<PairDefinition>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public const string ByPair = "ByPair";
        public const string ByGroup = "ByGroup";

        /// <summary>The pairs: names (wildcards allowed) or definitions from Get-DltDrPair.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            ParameterSetName = ByPair)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(PairNameCompleter))]
        public PairReference[] Pair { get; set; } = Array.Empty<PairReference>();

        /// <summary>Every pair of the store whose definition names this group.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByGroup)]
        [ValidateNotNullOrEmpty]
        public string Group { get; set; } = string.Empty;

        /// <summary>
        /// The most pairs worked on at once. Calls to one workspace are limited on their own (64 in
        /// flight per host, each endpoint paced under the request limits), so the default lets
        /// every pair of an estate of hundreds go at once: a pair waiting its turn costs nothing,
        /// and with fewer slots pairs queue behind one workspace's limit while the other idles.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 256;

        internal override IEnumerable<PairDefinition> SessionPairs => _pairs;

        /// <summary>Works on the pairs collected.</summary>
        protected sealed override void Work() => ProcessPairs();

        /// <summary>The command's work on <see cref="Pairs"/>, on the pipeline thread.</summary>
        protected abstract void ProcessPairs();

        protected IReadOnlyList<PairDefinition> Pairs => _pairs;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByGroup)
            {
                foreach (var pair in ReadGroupFromStore(Group)) AddPair(pair);
                return;
            }
            foreach (var reference in Pair)
            {
                if (reference.Definition != null)
                {
                    AddPair(reference.Definition);
                    continue;
                }
                foreach (var pair in ReadFromStore(reference.Name, ", or pipe in Get-DltDrPair -Path <file>.")) AddPair(pair);
            }
        }

        protected void AddPair(PairDefinition pair)
        {
            if (_seen.Add(pair.Name)) _pairs.Add(pair);
        }
    }
}
