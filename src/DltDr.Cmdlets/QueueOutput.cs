using System;
using DltDr.Engine.Output;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// The engine's output of one command, queued for the pipeline thread: objects, error records, warnings, verbose lines, progress.
    /// </summary>
    internal sealed class QueueOutput : ICommandOutput
    {
        private readonly EngineCmdlet _cmdlet;
        private readonly PipelineThreadQueue _queue;

        public QueueOutput(EngineCmdlet cmdlet, PipelineThreadQueue queue)
        {
            _cmdlet = cmdlet;
            _queue = queue;
        }

        public void Result(object result) => _queue.Post(() => _cmdlet.WriteObject(result));

        public void Error(Exception error, string target) => _queue.Post(() => _cmdlet.WriteError(ErrorMapping.ToRecord(error, target)));

        public void Warning(string text) => _queue.Post(() => _cmdlet.WriteWarning(text));

        public void Verbose(string text) => _queue.Post(() => _cmdlet.Verbose(text));

        public void Stopping(string text) => _queue.Post(() => _cmdlet.Host.UI.WriteWarningLine(text));

        public IActivity Activity(string title) => _cmdlet.NewProgress(_queue, title);
    }
}
