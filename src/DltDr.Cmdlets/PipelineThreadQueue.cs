using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Runs engine work while everything it wants to write to PowerShell is queued and written by the
    /// pipeline thread, the only thread allowed to call Write*. One queue serves every phase of a
    /// command; what is posted between runs is written by the next run or drain.
    /// </summary>
    internal sealed class PipelineThreadQueue
    {
        private readonly object _sync = new object();
        private readonly Queue<Action> _pending = new Queue<Action>();
        private BlockingCollection<Action>? _current;

        /// <summary>
        /// Queues something for the pipeline thread to do (WriteObject, WriteError, WriteVerbose, ...). Safe from any thread.
        /// </summary>
        public void Post(Action write)
        {
            lock (_sync)
            {
                if (_current != null && !_current.IsAddingCompleted) _current.Add(write);
                else _pending.Enqueue(write);
            }
        }

        /// <summary>Starts <paramref name="work"/> and writes what it posts on this (the pipeline) thread until it ends.</summary>
        public void Run(Func<Task> work, CancellationToken cancel) => Run(async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        }, cancel);

        /// <summary>
        /// Starts <paramref name="work"/> and writes what it posts on this (the pipeline) thread until it ends; answers its result.
        /// </summary>
        public T Run<T>(Func<Task<T>> work, CancellationToken cancel)
        {
            var writes = new BlockingCollection<Action>();
            lock (_sync)
            {
                while (_pending.Count > 0) writes.Add(_pending.Dequeue());
                _current = writes;
            }
            Task<T> task;
            try
            {
                task = Start(work);
            }
            catch
            {
                Close(writes);
                throw;
            }
            task.ContinueWith(_ => Close(writes), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            foreach (var write in writes.GetConsumingEnumerable())
            {
                try
                {
                    write();
                }
                catch (System.Management.Automation.PipelineStoppedException) when (cancel.IsCancellationRequested)
                {
                    // Stopping: the pipeline takes no more writes, but the work still says what it left (to the host).
                }
            }
            Drain();
            if (task.IsCanceled || (task.IsFaulted && cancel.IsCancellationRequested)) throw new OperationCanceledException(cancel);
            if (task.IsFaulted)
            {
                var inner = task.Exception!.InnerExceptions[0];
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            }
            if (cancel.IsCancellationRequested) throw new OperationCanceledException(cancel);
            return task.Result;
        }

        /// <summary>Starts the work: on this thread, or where the runspace's test clock runs it.</summary>
        private static Task<T> Start<T>(Func<Task<T>> work)
        {
            var startWork = RunspaceHooks.Current?.StartWork;
            if (startWork == null) return work();
            Task<T>? started = null;
            return startWork(() => started = work()).ContinueWith(t =>
            {
                if (t.IsFaulted) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(t.Exception!.InnerExceptions[0]).Throw();
                return started!;
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        }

        private void Close(BlockingCollection<Action> writes)
        {
            lock (_sync) writes.CompleteAdding();
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
