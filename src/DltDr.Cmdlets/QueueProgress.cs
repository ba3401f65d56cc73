using System;

namespace DltDr.Cmdlets
{
    /// <summary>Engine progress lines, written as verbose and progress records from the pipeline thread.</summary>
    internal sealed class QueueProgress : IProgress<string>
    {
        private readonly PipelineThreadQueue _queue;
        private readonly Action<string> _write;

        public QueueProgress(PipelineThreadQueue queue, Action<string> write)
        {
            _queue = queue;
            _write = write;
        }

        public void Report(string value) => _queue.Post(() => _write(value));
    }
}
