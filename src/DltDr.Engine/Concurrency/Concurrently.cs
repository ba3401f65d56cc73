using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Concurrency
{
    /// <summary>Work on many items at once, at most a bound at a time, in the order given.</summary>
    public static class Concurrently
    {
        /// <summary>
        /// Runs <paramref name="work"/> for each item, at most <paramref name="limit"/> at once; an
        /// item starts only after every item before it has started, in the thread that ended the one
        /// before (see <see cref="AsyncGate"/>). Completes when all have ended; the first failure
        /// (other than cancellation) is thrown once all have ended.
        /// </summary>
        public static async Task ForEachAsync<T>(IEnumerable<T> items, int limit, Func<T, Task> work, CancellationToken cancel)
        {
            var gate = new AsyncGate(Math.Max(1, limit));
            var tasks = new List<Task>();
            foreach (var item in items)
            {
                await gate.WaitAsync(cancel).ConfigureAwait(false);
                tasks.Add(RunAsync(item));
            }
            await Task.WhenAll(tasks).ConfigureAwait(false);

            async Task RunAsync(T item)
            {
                try
                {
                    await work(item).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
    }
}
