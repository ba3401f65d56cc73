using System;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Time
{
    /// <summary>One <see cref="Clock.Delay"/>: its timer, its cancellation and the task a waiter awaits.</summary>
    internal sealed class DelayState
    {
        private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>();
        private readonly IDisposable _timer;
        private CancellationTokenRegistration _registration;

        public DelayState(Clock clock, TimeSpan delay, CancellationToken cancel)
        {
            _timer = clock.StartTimer(delay, Fire);
            if (cancel.CanBeCanceled) _registration = cancel.Register(() => Cancel(cancel));
            // The timer may have fired before the registration was made.
            if (_done.Task.IsCompleted) _registration.Dispose();
        }

        public Task Task => _done.Task;

        private void Fire()
        {
            if (_done.Task.IsCompleted) return;
            _registration.Dispose();
            _done.TrySetResult(true);
        }

        private void Cancel(CancellationToken cancel)
        {
            _timer.Dispose();
            _done.TrySetCanceled(cancel);
        }
    }
}
