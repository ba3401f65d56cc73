using System;
using System.Management.Automation;
using System.Threading;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Base of DltDr's cmdlets: one CancellationTokenSource, cancelled in StopProcessing (Ctrl+C)
    /// and passed to every call, and error records with a stable id and a true category.
    /// </summary>
    public abstract class DltDrCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken Cancel => _stop.Token;

        protected override void StopProcessing() => _stop.Cancel();

        protected ErrorRecord Error(Exception exception, string errorId, ErrorCategory category, object? target)
            => new ErrorRecord(exception, errorId, category, target);

        public void Dispose()
        {
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
