using System;
using System.Collections.Generic;
using System.Management.Automation;
using DltDr.Engine.Auth;
using DltDr.Engine.History;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Time;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that act on pairs: -Pair by name (wildcards) or object, from the
    /// pipeline too; pairs are collected as they come and worked on together in EndProcessing,
    /// at most -ThrottleLimit at once, calls to each workspace limited per host.
    /// </summary>
    public abstract class PairCmdlet : DltDrCmdlet
    {
        private readonly List<PairDefinition> _pairs = new List<PairDefinition>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<QueueProgress> _progress = new List<QueueProgress>();
        private int _activityId;

        public const string ByPair = "ByPair";
        public const string ByGroup = "ByGroup";

        /// <summary>The pairs: names (wildcards allowed) or definitions from Get-DltDrPair.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByPair)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(PairNameCompleter))]
        public PairReference[] Pair { get; set; } = Array.Empty<PairReference>();

        /// <summary>Every pair of the store whose definition names this group.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByGroup)]
        [ValidateNotNullOrEmpty]
        public string Group { get; set; } = string.Empty;

        /// <summary>How long a region may stay silent (no answer to any call of the command), retries included, before it is reported unreachable.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RegionTimeoutSec { get; set; } = 60;

        /// <summary>
        /// The most pairs worked on at once. Calls to one workspace are limited on their own (64 in
        /// flight per host, each endpoint paced under the request limits), so the default lets
        /// every pair of an estate of hundreds go at once: a pair waiting its turn costs nothing,
        /// and with fewer slots pairs queue behind one workspace's limit while the other idles.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 256;

        internal IEnvironment Environment => new PowerShellEnvironment(SessionState);

        /// <summary>A personal access token for the workspaces, instead of each region's auth settings.</summary>
        [Parameter]
        [ValidateToken]
        public System.Security.SecureString? Token { get; set; }

        /// <summary>The workspaces of this command's pairs, whose debug lines go through the queue to the pipeline thread.</summary>
        internal DrSession OpenSession(PipelineThreadQueue queue) => new DrSession(Options(queue), Pairs);

        /// <summary>What the engine runs this command with: the parameters, this session's environment and clock.</summary>
        internal DrOptions Options(PipelineThreadQueue queue)
        {
            var hooks = RunspaceHooks.Current;
            return new DrOptions
            {
                Clock = hooks?.Clock ?? Clock.System,
                RegionTimeout = TimeSpan.FromSeconds(RegionTimeoutSec),
                Environment = Environment,
                Token = Token,
                Debug = line => queue.Post(() => WriteDebug(line)),
                UserAgentSuffix = "pwsh/" + (typeof(PSObject).Assembly.GetName().Version?.ToString(2) ?? "0"),
                WrapHandler = hooks?.WrapHandler,
            };
        }

        /// <summary>A progress activity of its own (one per pair worked on at once), reported through the queue.</summary>
        internal QueueProgress NewProgress(PipelineThreadQueue queue, string activity)
        {
            var progress = new QueueProgress(this, queue, System.Threading.Interlocked.Increment(ref _activityId), activity);
            lock (_progress) _progress.Add(progress);
            return progress;
        }

        /// <summary>Works on the pairs collected; every progress bar is completed however it ends.</summary>
        protected sealed override void EndProcessing()
        {
            try
            {
                ProcessPairs();
            }
            finally
            {
                QueueProgress[] open;
                lock (_progress) open = _progress.ToArray();
                foreach (var p in open) p.Complete();
            }
        }

        /// <summary>The command's work on <see cref="Pairs"/>, on the pipeline thread.</summary>
        protected abstract void ProcessPairs();

        protected IReadOnlyList<PairDefinition> Pairs => _pairs;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByGroup)
            {
                foreach (var pair in ReadGroupFromStore(Group)) Add(pair);
                return;
            }
            foreach (var reference in Pair)
            {
                if (reference.Definition != null)
                {
                    Add(reference.Definition);
                    continue;
                }
                foreach (var pair in ReadFromStore(reference.Name, ", or pipe in Get-DltDrPair -Path <file>.")) Add(pair);
            }
        }

        private void Add(PairDefinition pair)
        {
            if (_seen.Add(pair.Name)) _pairs.Add(pair);
        }

        internal static string Label(PairDefinition pair, Region region) => Regions.Label(pair.Name, region);

        /// <summary>
        /// Appends the operation to the pair's history in both regions, after its result is out;
        /// a region where that fails gets a warning, never an error.
        /// </summary>
        internal async System.Threading.Tasks.Task RecordHistoryAsync(PipelineThreadQueue queue, DrSession session, PairDefinition pair, HistoryRecord record)
        {
            var warnings = await HistoryLog.AppendAsync(pair, session, record, Cancel).ConfigureAwait(false);
            foreach (var w in warnings) queue.Post(() => WriteWarning(w));
        }

        /// <summary>The history record of a failed operation, or null for a refusal made before anything was written.</summary>
        internal static HistoryRecord? FailureRecord(Exception ex, Func<string, string, HistoryRecord> make)
            => HistoryRecords.IsRefusalBeforeWrite(ex) ? null : make(ErrorMapping.IdOf(ex), ex.Message);
    }
}
