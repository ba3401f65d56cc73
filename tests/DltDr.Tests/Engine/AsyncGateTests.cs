using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Concurrency;
using DltDr.Engine.Time;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// The gate pairs wait at: a place handed on goes on in the thread that gave it back, so there is
    /// no moment in which the next pair's start sits in the thread pool's queue or on a thread
    /// nobody is watching (a test's virtual clock took such a moment for "nothing runs" and moved
    /// time hours ahead on a loaded machine).
    /// </summary>
    public sealed class AsyncGateTests
    {
        /// <summary>Completes <paramref name="done"/> from a thread of its own; answers that thread's id.</summary>
        private static int CompleteOnAThreadOfItsOwn(TaskCompletionSource<bool> done)
        {
            var id = 0;
            var thread = new Thread(() =>
            {
                id = Environment.CurrentManagedThreadId;
                done.SetResult(true);
            });
            thread.Start();
            thread.Join();
            return id;
        }

        [Fact]
        public async Task The_next_item_starts_in_the_thread_that_ended_the_one_before()
        {
            var first = new TaskCompletionSource<bool>();
            var startedOn = new Dictionary<int, int>();
            var run = Concurrently.ForEachAsync(new[] { 1, 2 }, 1, async item =>
            {
                lock (startedOn) startedOn[item] = Environment.CurrentManagedThreadId;
                if (item == 1) await first.Task.ConfigureAwait(false);
            }, CancellationToken.None);
            var ender = CompleteOnAThreadOfItsOwn(first);
            await run;
            Assert.Equal(ender, startedOn[2]);
        }

        [Fact]
        public async Task A_dependent_pair_goes_on_in_the_thread_that_ends_its_upstream()
        {
            var gate = new AsyncGate(1);
            await gate.WaitAsync(CancellationToken.None);
            var continuedOn = 0;
            var waiting = gate.WaitAsync(CancellationToken.None).ContinueWith(_ => continuedOn = Environment.CurrentManagedThreadId,
                TaskContinuationOptions.ExecuteSynchronously);
            var releaser = 0;
            var thread = new Thread(() => { releaser = Environment.CurrentManagedThreadId; gate.Release(); });
            thread.Start();
            thread.Join();
            await waiting;
            Assert.Equal(releaser, continuedOn);
        }

        [Fact]
        public async Task At_most_the_limit_hold_a_place_and_waiters_go_in_the_order_they_came()
        {
            var gate = new AsyncGate(2);
            await gate.WaitAsync(CancellationToken.None);
            await gate.WaitAsync(CancellationToken.None);
            var order = new List<int>();
            var third = gate.WaitAsync(CancellationToken.None).ContinueWith(_ => order.Add(3), TaskContinuationOptions.ExecuteSynchronously);
            var fourth = gate.WaitAsync(CancellationToken.None).ContinueWith(_ => order.Add(4), TaskContinuationOptions.ExecuteSynchronously);
            Assert.False(third.IsCompleted);
            gate.Release();
            Assert.Equal(new[] { 3 }, order);
            Assert.False(fourth.IsCompleted);
            gate.Release();
            await Task.WhenAll(third, fourth);
            Assert.Equal(new[] { 3, 4 }, order);
        }

        [Fact]
        public async Task A_waiter_cancelled_takes_no_place_and_passes_it_on()
        {
            var gate = new AsyncGate(1);
            await gate.WaitAsync(CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            var cancelled = gate.WaitAsync(cancel.Token);
            var next = gate.WaitAsync(CancellationToken.None);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            Assert.False(next.IsCompleted);
            gate.Release();
            await next;
            // The place the cancelled waiter never took is still counted: one more comes in after a release.
            var after = gate.WaitAsync(CancellationToken.None);
            Assert.False(after.IsCompleted);
            gate.Release();
            await after;
        }

        [Fact]
        public void A_gate_lets_at_least_one_in()
            => Assert.Equal("limit", Assert.Throws<ArgumentOutOfRangeException>(() => new AsyncGate(0)).ParamName);
    }
}
