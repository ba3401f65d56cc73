using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
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

        /// <summary>Pair names; wildcards allowed. All pairs in the store when left out.</summary>
        /// <remarks>Strings from the pipeline only: binding by a Name property would take a file's name from Get-ChildItem, which belongs to -Path (FullName).</remarks>
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
                    Emit(() => PairDefinitionReader.FromJson(Json, "the -Json text", CurrentFolder()), "-Json");
                    break;
                case ByDefinition:
                    Emit(() => PairDefinitionReader.FromObject((JObject)DefinitionConverter.ToJson(Definition), "the -Definition hashtable", CurrentFolder()), "-Definition");
                    break;
            }
        }

        private void FromStore()
        {
            var store = PairStore.FromEnvironment(new PowerShellEnvironment(SessionState));
            foreach (var pattern in Name)
            {
                var found = store.Find(pattern);
                if (found.Count == 0 && !PairStore.HasWildcard(pattern))
                {
                    WriteError(ErrorMapping.PairNotFound(store, pattern, " to the folder of your pair files, or use -Path."));
                    continue;
                }
                foreach (var (name, path) in found) Emit(() => PairStore.Read(name, path), name);
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
                WriteError(ErrorMapping.Record(new ItemNotFoundException($"The pair definition file '{path}' does not exist.", ex), ErrorIds.PairNotFound, path));
                return Enumerable.Empty<string>();
            }
        }

        private string CurrentFolder() => SessionState.Path.CurrentFileSystemLocation.ProviderPath;
    }
}
