using System;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Time
{
    /// <summary>
    /// How DR commands wait for a state: the one poll loop. Polls go every <see cref="First"/> for
    /// the first <see cref="Steady"/> of them (a state reached in the first second or two is seen
    /// within a quarter of a second: growing from the start left half a second between the second
    /// and third poll, where a quick update start falls), then slow down to a cap, half as much again
    /// each time (doubling left a second's gap by the third poll); the deadline and the pauses are on
    /// the command's clock.
    /// </summary>
    public sealed class Polling
    {
        public Polling(Clock clock) => Clock = clock;

        public Clock Clock { get; }
        public TimeSpan First { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan Max { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How much longer each wait is than the one before, after the steady ones.</summary>
        public const double Growth = 1.5;

        /// <summary>The polls that follow one another <see cref="First"/> apart before they slow down.</summary>
        public const int Steady = 6;

        /// <summary>
        /// The wait before poll number <paramref name="attempt"/> (0-based): <see cref="First"/> for the first <see cref="Steady"/>,
        /// then growing by <see cref="Growth"/> up to Max.
        /// </summary>
        public TimeSpan Interval(int attempt)
        {
            var ms = First.TotalMilliseconds * Math.Pow(Growth, Math.Min(Math.Max(0, attempt - Steady + 1), 30));
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
