using System;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Time
{
    /// <summary>
    /// How DR commands wait for a state: the one poll loop. Polls start quick and slow down to a cap,
    /// half as much again each time (doubling left a second's gap by the third poll, and an update
    /// that ran just after it was seen a second late); the deadline and the pauses are on the
    /// command's clock.
    /// </summary>
    public sealed class Polling
    {
        public Polling(Clock clock) => Clock = clock;

        public Clock Clock { get; }
        public TimeSpan First { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan Max { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How much longer each wait is than the one before.</summary>
        public const double Growth = 1.5;

        /// <summary>
        /// The wait before poll number <paramref name="attempt"/> (0-based): growing from First by <see cref="Growth"/> up to Max.
        /// </summary>
        public TimeSpan Interval(int attempt)
        {
            var ms = First.TotalMilliseconds * Math.Pow(Growth, Math.Min(attempt, 30));
            return TimeSpan.FromMilliseconds(Math.Min(ms, Max.TotalMilliseconds));
        }

        /// <summary>
        /// Reads with <paramref name="poll"/> until it says done or <paramref name="timeout"/> passes;
        /// answers whether it was done and the last value read. <paramref name="moved"/> hears each
        /// value that differs from the one before (for progress).
        /// </summary>
        public async Task<(bool Done, T Last)> UntilAsync<T>(
            Func<CancellationToken, Task<(bool Done, T Value)>> poll, TimeSpan timeout, Action<T>? moved, CancellationToken cancel)
        {
            var watch = Clock.StartWatch();
            var seen = false;
            T last = default!;
            for (var attempt = 0; ; attempt++)
            {
                var (done, value) = await poll(cancel).ConfigureAwait(false);
                if (!seen || !Equals(value, last)) moved?.Invoke(value);
                seen = true;
                last = value;
                if (done) return (true, value);
                if (watch.Elapsed > timeout) return (false, value);
                await Clock.Delay(Interval(attempt), cancel).ConfigureAwait(false);
            }
        }
    }
}
