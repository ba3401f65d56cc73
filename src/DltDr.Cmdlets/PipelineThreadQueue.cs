using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Runs work concurrently (with a bound) while everything it wants to write to PowerShell is
    /// queued and written by the pipeline thread, the only thread allowed to call Write*. One queue
    /// serves every phase of a command; what is posted between runs is written by the next drain.
    /// </summary>
    internal sealed class PipelineThreadQueue
    {
        private readonly object _sync = new object();
        private readonly Queue<Action> _pending = new Queue<Action>();
        private BlockingCollection<Action>? _current;

        /// <summary>Queues something for the pipeline thread to do (WriteObject, WriteError, WriteVerbose, ...). Safe from any thread.</summary>
        public void Post(Action write)
        {
            lock (_sync)
            {
                if (_current != null && !_current.IsAddingCompleted) _current.Add(write);
                else _pending.Enqueue(write);
            }
        }

        /// <summary>Runs <paramref name="work"/> for each item, at most <paramref name="limit"/> at once, writing on this (the pipeline) thread until all are done.</summary>
        public void Run<T>(IEnumerable<T> items, int limit, Func<T, Task> work, CancellationToken cancel)
        {
            var writes = new BlockingCollection<Action>();
            lock (_sync)
            {
                while (_pending.Count > 0) writes.Add(_pending.Dequeue());
                _current = writes;
            }
            using var gate = new SemaphoreSlim(Math.Max(1, limit));
            var tasks = items.Select(async item =>
            {
                await gate.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    await work(item).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            var all = Task.WhenAll(tasks).ContinueWith(_ => { lock (_sync) writes.CompleteAdding(); }, TaskScheduler.Default);
            foreach (var write in writes.GetConsumingEnumerable()) write();
            all.Wait();
            Drain();
            var failed = tasks.FirstOrDefault(t => t.IsFaulted);
            if (failed != null) throw failed.Exception!.InnerExceptions.First();
            if (cancel.IsCancellationRequested) throw new OperationCanceledException(cancel);
        }

        /// <summary>Writes what was posted while no work was running. Pipeline thread only.</summary>
        public void Drain()
        {
            while (true)
            {
                Action next;
                lock (_sync)
                {
                    if (_pending.Count == 0) return;
                    next = _pending.Dequeue();
                }
                next();
            }
        }
    }
}
