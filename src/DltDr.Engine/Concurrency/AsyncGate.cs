using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Concurrency
{
    /// <summary>
    /// At most a bound of holders at once, waiters let in first come, first served; a waiter goes on
    /// in the thread that lets it in (the one releasing), not after a trip through the thread pool
    /// as SemaphoreSlim's do. So the next pair starts the moment one ends, and a host that follows
    /// the command's threads (a test's virtual clock) sees no gap in which nothing seems to run.
    /// </summary>
    public sealed class AsyncGate
    {
        private readonly object _sync = new object();
        private readonly Queue<TaskCompletionSource<bool>> _waiters = new Queue<TaskCompletionSource<bool>>();
        private int _free;

        public AsyncGate(int limit)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), "A gate lets at least one in.");
            _free = limit;
        }

        /// <summary>Completes when the caller holds a place; cancelled while it waits, it takes none.</summary>
        public Task WaitAsync(CancellationToken cancel)
        {
            TaskCompletionSource<bool> waiter;
            lock (_sync)
            {
                cancel.ThrowIfCancellationRequested();
                if (_free > 0)
                {
                    _free--;
                    return Task.CompletedTask;
                }
                // Synchronous continuations: the waiter runs on in Release's thread.
                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.None);
                _waiters.Enqueue(waiter);
            }
            if (cancel.CanBeCanceled)
            {
                var registration = cancel.Register(() => waiter.TrySetCanceled());
                waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
            return waiter.Task;
        }

        /// <summary>Gives a place back: to the first waiter still waiting, else to the gate.</summary>
        public void Release()
        {
            while (true)
            {
                TaskCompletionSource<bool>? next;
                lock (_sync)
                {
                    if (_waiters.Count == 0)
                    {
                        _free++;
                        return;
                    }
                    next = _waiters.Dequeue();
                }
                // Outside the lock: the waiter's code runs here. One cancelled meanwhile passes the place on.
                if (next.TrySetResult(true)) return;
            }
        }
    }
}
