using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Output;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Time;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that call workspaces: the engine's work runs off the pipeline thread and
    /// everything it reports is queued for the pipeline thread; the session's clients, progress bars
    /// and queue are closed however the command ends.
    /// </summary>
    public abstract class EngineCmdlet : DltDrCmdlet
    {
        private readonly List<QueueProgress> _progress = new List<QueueProgress>();
        private int _activityId;

        protected EngineCmdlet() => Queue = new PipelineThreadQueue(() => Stopping, StopWork);

        /// <summary>
        /// How long a region may stay silent (no answer to any call of the command), retries included, before it is reported unreachable.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RegionTimeoutSec { get; set; } = 60;

        internal IEnvironment Environment => new PowerShellEnvironment(SessionState);

        /// <summary>A personal access token for the workspaces, instead of each region's auth settings.</summary>
        [Parameter]
        [ValidateToken]
        public System.Security.SecureString? Token { get; set; }

        /// <summary>The pairs whose workspaces the command's session opens (and lists whole when several share one).</summary>
        internal abstract IEnumerable<PairDefinition> SessionPairs { get; }

        /// <summary>The workspaces of this command's pairs, whose debug lines go through the queue to the pipeline thread.</summary>
        internal DrSession OpenSession(PipelineThreadQueue queue) => new DrSession(Options(queue), SessionPairs);

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

        /// <summary>Does the command's work, then drains its queue and completes every progress bar however it ends.</summary>
        protected sealed override void EndProcessing()
        {
            try
            {
                Work();
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

        /// <summary>The command's work, on the pipeline thread.</summary>
        protected abstract void Work();

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
