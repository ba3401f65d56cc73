using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Commands;
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

        protected PairCmdlet() => Queue = new PipelineThreadQueue(() => Stopping, StopWork);

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
        /// How long a region may stay silent (no answer to any call of the command), retries included, before it is reported unreachable.
        /// </summary>
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

        /// <summary>The session of a command that works in phases (plan, approve, apply), opened once.</summary>
        internal DrSession Session => _session ??= OpenSession(Queue);

        private DrSession? _session;

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
                Queue.Drain();
                QueueProgress[] open;
                lock (_progress) open = _progress.ToArray();
                foreach (var p in open) p.CompleteNow();
                _session?.Dispose();
            }
        }

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

        /// <summary>
        /// Runs engine work with this command's session and output, writing what it reports on the
        /// pipeline thread as it comes; the session's clients are closed when it ends.
        /// </summary>
        internal void RunEngine(Func<DrSession, ICommandOutput, Task> work)
        {
            var queue = Queue;
            using var session = OpenSession(queue);
            var output = new QueueOutput(this, queue);
            queue.Run(() => work(session, output), Cancel);
        }

        /// <summary>The queue of this command's writes to the pipeline thread.</summary>
        internal PipelineThreadQueue Queue { get; }
    }
}
