using System;
using System.Management.Automation;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// One activity's engine progress lines, written as verbose and progress records. Workers
    /// report through the queue; the pipeline thread writes.
    /// </summary>
    internal sealed class QueueProgress : IProgress<string>
    {
        private readonly Cmdlet _cmdlet;
        private readonly PipelineThreadQueue _queue;
        private readonly int _activityId;
        private readonly string _activity;

        public QueueProgress(Cmdlet cmdlet, PipelineThreadQueue queue, int activityId, string activity)
        {
            _cmdlet = cmdlet;
            _queue = queue;
            _activityId = activityId;
            _activity = activity;
        }

        public void Report(string value) => _queue.Post(() =>
        {
            _cmdlet.WriteVerbose(value);
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, value));
        });

        /// <summary>Closes the activity's progress bar. Pipeline thread only.</summary>
        public void Complete() =>
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
    }
}
