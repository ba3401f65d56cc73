using System;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// One read shared by every caller of a command (a workspace's listing, who the caller is): the
    /// first caller starts it, the others await the same answer, each with its own cancellation. A
    /// read that failed is started again by the next caller. The read itself is bounded by the
    /// transport's timeouts, not by any one caller.
    /// </summary>
    public sealed class CommandWideRead<T>
    {
        private readonly object _sync = new object();
        private readonly Func<CancellationToken, Task<T>> _read;
        private Task<T>? _task;

        public CommandWideRead(Func<CancellationToken, Task<T>> read) => _read = read;

        public Task<T> GetAsync(CancellationToken cancel)
        {
            Task<T> task;
            lock (_sync)
            {
                if (_task == null || _task.IsFaulted || _task.IsCanceled) _task = _read(CancellationToken.None);
                task = _task;
            }
            return WithCancellation(task, cancel);
        }

        private static async Task<T> WithCancellation(Task<T> task, CancellationToken cancel)
        {
            if (task.IsCompleted || !cancel.CanBeCanceled) return await task.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancel.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task) throw new OperationCanceledException(cancel);
            }
            return await task.ConfigureAwait(false);
        }
    }
}
