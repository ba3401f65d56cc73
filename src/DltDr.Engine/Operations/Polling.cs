using System;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Operations
{
    /// <summary>How DR commands wait: polls start quick and slow down to a cap, through a delay tests can replace.</summary>
    public sealed class Polling
    {
        public TimeSpan First { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan Max { get; set; } = TimeSpan.FromSeconds(10);
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, c) => Task.Delay(d, c);

        /// <summary>The wait before poll number <paramref name="attempt"/> (0-based): doubling from First up to Max.</summary>
        public TimeSpan Interval(int attempt)
        {
            var ms = First.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20));
            return TimeSpan.FromMilliseconds(Math.Min(ms, Max.TotalMilliseconds));
        }
    }
}
