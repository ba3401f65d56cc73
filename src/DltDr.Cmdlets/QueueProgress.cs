using System.Management.Automation;
using DltDr.Engine.Output;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// One activity's engine progress lines, written as verbose and progress records. Workers
    /// report through the queue; the pipeline thread writes, and completes the bar when the work
    /// ends however it ends (success, failure, Ctrl+C).
    /// </summary>
    internal sealed class QueueProgress : IActivity
    {
        private readonly DltDrCmdlet _cmdlet;
        private readonly PipelineThreadQueue _queue;
        private readonly int _activityId;
        private readonly string _activity;
        private bool _started;
        private bool _completed;

        public QueueProgress(DltDrCmdlet cmdlet, PipelineThreadQueue queue, int activityId, string activity)
        {
            _cmdlet = cmdlet;
            _queue = queue;
            _activityId = activityId;
            _activity = activity;
        }

        public void Report(string value) => _queue.Post(() =>
        {
            if (_completed) return;
            _started = true;
            _cmdlet.Verbose(value);
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, value));
        });

        /// <summary>Closes the bar once the writes queued before it are out. Safe from any thread.</summary>
        public void Complete() => _queue.Post(CompleteNow);

        /// <summary>Closes the activity's progress bar, once. Pipeline thread only.</summary>
        public void CompleteNow()
        {
            if (_completed) return;
            _completed = true;
            if (!_started) return;
            try
            {
                _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: the host clears the bars of a stopped pipeline itself.
            }
        }
    }
}
