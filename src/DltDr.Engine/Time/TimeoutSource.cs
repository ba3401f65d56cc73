using System;
using System.Threading;

namespace DltDr.Engine.Time
{
    /// <summary>
    /// A cancellation linked to a caller's, that a <see cref="Clock"/> also cancels once a timeout
    /// passes; <see cref="TimedOut"/> tells the two apart. Disposing it stops the timer.
    /// </summary>
    public sealed class TimeoutSource : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly IDisposable _timer;
        private int _timedOut;

        internal TimeoutSource(Clock clock, TimeSpan timeout, CancellationToken linked)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(linked);
            _timer = clock.StartTimer(timeout, () =>
            {
                Interlocked.Exchange(ref _timedOut, 1);
                try
                {
                    _source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // Disposed by its owner in the same instant: nothing is waiting any more.
                }
            });
        }

        public CancellationToken Token => _source.Token;

        /// <summary>True when the timeout, not the caller, cancelled the token.</summary>
        public bool TimedOut => Volatile.Read(ref _timedOut) == 1;

        public void Dispose()
        {
            _timer.Dispose();
            _source.Dispose();
        }
    }
}
