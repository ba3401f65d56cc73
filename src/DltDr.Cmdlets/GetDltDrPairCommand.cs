using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine;
using DltDr.Engine.Pairs;
using Newtonsoft.Json.Linq;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Get-DltDrPair: pair definitions as typed objects, by name from the pair store (wildcards
    /// allowed), from files, from JSON text, or from a hashtable.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DltDrPair", DefaultParameterSetName = ByName)]
    [OutputType(typeof(PairDefinition))]
    public sealed class GetDltDrPairCommand : DltDrCmdlet
    {
        public const string ByName = "ByName";
        public const string ByPath = "ByPath";
        public const string ByJson = "ByJson";
        public const string ByDefinition = "ByDefinition";
        public const string ByGroup = "ByGroup";

        /// <summary>Pair names; wildcards allowed. All pairs in the store when left out.</summary>
        /// <remarks>
        /// Strings from the pipeline only: binding by a Name property would take a file's name from Get-ChildItem, which belongs to -Path
        /// (FullName).
        /// </remarks>
        [Parameter(ParameterSetName = ByName, Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PairNameCompleter))]
        public string[] Name { get; set; } = { "*" };

        /// <summary>Pair definition files.</summary>
        [Parameter(ParameterSetName = ByPath, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>A pair definition as JSON text (for example from an Automation variable).</summary>
        [Parameter(ParameterSetName = ByJson, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Json { get; set; } = string.Empty;

        /// <summary>Every pair of the store whose definition names this group.</summary>
        [Parameter(ParameterSetName = ByGroup, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Group { get; set; } = string.Empty;

        /// <summary>A pair definition as a hashtable.</summary>
        [Parameter(ParameterSetName = ByDefinition, Mandatory = true)]
        [ValidateNotNull]
        public Hashtable Definition { get; set; } = new Hashtable();

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case ByName:
                    FromStore();
                    break;
                case ByPath:
                    foreach (var p in Path)
                    {
                        foreach (var file in Resolve(p)) Emit(() => PairDefinitionReader.FromFile(file), file);
                    }
                    break;
                case ByJson:
                    Emit(() => PairDefinitionReader.FromJson(Json, "the -Json text", CurrentFolder(), CurrentFolderDescription()), "-Json");
                    break;
                case ByGroup:
                    foreach (var pair in ReadGroupFromStore(Group)) WriteObject(pair);
                    break;
                case ByDefinition:
                    Emit(() => PairDefinitionReader.FromObject((JObject)DefinitionConverter.ToJson(Definition), "the -Definition hashtable",
                        CurrentFolder(), CurrentFolderDescription()), "-Definition");
                    break;
            }
        }

        private void FromStore()
        {
            foreach (var pattern in Name)
            {
                foreach (var pair in ReadFromStore(pattern, " to the folder of your pair files, or use -Path.")) WriteObject(pair);
            }
        }

        private void Emit(Func<PairDefinition> read, object target)
        {
            try
            {
                WriteObject(read());
            }
            catch (PairDefinitionException ex)
            {
                WriteError(ErrorMapping.ToRecord(ex, target));
            }
        }

        private System.Collections.Generic.IEnumerable<string> Resolve(string path)
        {
            try
            {
                return GetResolvedProviderPathFromPSPath(path, out _).ToList();
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(ErrorMapping.Record(new ItemNotFoundException($"The pair definition file '{path}' does not exist.", ex),
                    ErrorIds.PairNotFound, path));
                return Enumerable.Empty<string>();
            }
        }

        /// <summary>
        /// Relative paths in -Json and -Definition are the user's: they resolve against the PowerShell location, not the process directory.
        /// </summary>
        private string CurrentFolder() => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

        private string CurrentFolderDescription() => $"the current PowerShell location {CurrentFolder()}";
    }
}
