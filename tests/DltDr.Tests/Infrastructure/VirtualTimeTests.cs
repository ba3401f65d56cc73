using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// The test clock moves only when every flow it follows waits on it: work of the module that
    /// runs on a thread-pool thread holds time still however long it runs, so a loaded machine
    /// cannot make a timeout fire before the call it guards is sent.
    /// </summary>
    public class VirtualTimeTests
    {
        /// <summary>Lets the clock's thread look at the state several times, without measuring wall time.</summary>
        private static void LetTheClockLook(VirtualTime time, int looks)
        {
            var seen = time.IdleLooks;
            SpinWait.SpinUntil(() => time.IdleLooks >= seen + looks, TimeSpan.FromMinutes(1));
        }

        [Fact]
        public async Task Followed_work_on_a_pool_thread_holds_time_until_it_waits()
        {
            using var time = new VirtualTime(DateTimeOffset.UnixEpoch);
            var fired = 0;
            TimeSpan? seenWhileWorking = null;
            var firedWhileWorking = -1;
            Task? work = null;
            await time.Start(() =>
            {
                // A timeout starts, then the work goes on on another thread before its call is sent.
                time.CreateTimer(_ => Interlocked.Exchange(ref fired, 1), null, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan);
                work = Task.Run(() =>
                {
                    LetTheClockLook(time, 20);
                    seenWhileWorking = time.Elapsed;
                    firedWhileWorking = Volatile.Read(ref fired);
                });
            });
            await work!;
            Assert.Equal(TimeSpan.Zero, seenWhileWorking);
            Assert.Equal(0, firedWhileWorking);

            // Once nothing runs, the clock moves to the timer.
            SpinWait.SpinUntil(() => Volatile.Read(ref fired) == 1, TimeSpan.FromMinutes(1));
            Assert.Equal(TimeSpan.FromSeconds(60), time.Elapsed);
            Assert.Equal(0, time.Running);
        }

        [Fact]
        public async Task A_test_flow_that_follows_the_clock_holds_it_while_it_runs()
        {
            using var time = new VirtualTime(DateTimeOffset.UnixEpoch);
            time.Follow();
            await Task.Yield();
            time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            LetTheClockLook(time, 20);
            Assert.Equal(TimeSpan.Zero, time.Elapsed);
            Assert.True(time.Running >= 1);

            // Waiting on the clock lets it move.
            var before = time.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(10), time);
            Assert.Equal(TimeSpan.FromSeconds(10), time.GetElapsedTime(before));
        }

        [Fact]
        public async Task A_thread_blocked_in_a_session_is_not_followed_work()
        {
            using var time = new VirtualTime(DateTimeOffset.UnixEpoch);
            time.Follow();
            await Task.Yield();
            using (VirtualTime.NotFollowed())
            {
                // A blocking wait here (a PowerShell command) lets the clock move while the command waits.
                using var moved = new ManualResetEventSlim();
                time.CreateTimer(_ => moved.Set(), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
                Assert.True(moved.Wait(TimeSpan.FromMinutes(1)));
            }
            Assert.True(time.Running >= 1);
        }
    }
}
