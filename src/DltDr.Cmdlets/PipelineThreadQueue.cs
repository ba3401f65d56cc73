using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Runs engine work while everything it wants to write to PowerShell is queued and written by the
    /// pipeline thread, the only thread allowed to call Write*. One queue serves every phase of a
    /// command; what is posted between runs is written by the next run or drain.
    /// </summary>
    /// <remarks>
    /// PowerShell marks a pipeline as stopping (Write* then throws PipelineStoppedException) before
    /// it calls the cmdlet's StopProcessing, which is what cancels the work. Whichever of the two the
    /// queue sees first stops the work: a refused write, or the pipeline found stopping while the queue
    /// waits. Either way the queue keeps writing until the work ends, so the message a stopped command
    /// leaves on the host (what it left, the command that finishes it) is never lost in between.
    /// </remarks>
    internal sealed class PipelineThreadQueue
    {
        /// <summary>How often the pipeline thread looks whether its pipeline is stopping while no write comes.</summary>
        private static readonly TimeSpan StoppingPoll = TimeSpan.FromMilliseconds(50);

        private readonly object _sync = new object();
        private readonly Queue<Action> _pending = new Queue<Action>();
        private readonly Func<bool> _pipelineStopping;
        private readonly Action _stopWork;
        private BlockingCollection<Action>? _current;

        /// <param name="pipelineStopping">Whether PowerShell has marked the pipeline as stopping (Cmdlet.Stopping).</param>
        /// <param name="stopWork">Cancels the command's work (what StopProcessing does).</param>
        public PipelineThreadQueue(Func<bool> pipelineStopping, Action stopWork)
        {
            _pipelineStopping = pipelineStopping;
            _stopWork = stopWork;
        }

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
            var stopped = false;
            while (!writes.IsCompleted)
            {
                if (writes.TryTake(out var write, StoppingPoll)) stopped |= !Write(write);
                else if (!stopped && _pipelineStopping())
                {
                    stopped = true;
                    _stopWork();
                }
            }
            Drain();
            stopped |= cancel.IsCancellationRequested;
            if (task.IsCanceled || (task.IsFaulted && stopped)) throw new OperationCanceledException(cancel);
            if (task.IsFaulted)
            {
                var inner = task.Exception!.InnerExceptions[0];
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            }
            if (stopped) throw new OperationCanceledException(cancel);
            return task.Result;
        }

        /// <summary>
        /// Does one queued write; false when the pipeline refused it because it is stopping. The work is
        /// then stopped at once (StopProcessing may not have been called yet), and the writes after it
        /// still run: the host lines that say what a stopped command left do not go through the pipeline.
        /// </summary>
        private bool Write(Action write)
        {
            try
            {
                write();
                return true;
            }
            catch (PipelineStoppedException)
            {
                _stopWork();
                return false;
            }
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
                Write(next);
            }
        }
    }
}
