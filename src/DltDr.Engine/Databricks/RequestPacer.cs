using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Time;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Paces one workspace's calls under its request limits, per endpoint class (see
    /// <see cref="EndpointClassPace"/>): a class with a documented figure starts at <see cref="Headroom"/> of
    /// it; one without is not paced until the service answers 429. Each 429 is judged (the limit,
    /// noise, or unclear until a cut shows) from what the service accepted, so a limit lower than
    /// documented is learnt in a few refusals and random 429s do not sink the pace.
    /// </summary>
    public sealed class RequestPacer
    {
        /// <summary>The share of a documented limit paced at: room for clock skew and other clients of the workspace.</summary>
        public const double Headroom = 0.95;

        /// <summary>
        /// A burst of this many seconds' worth of the pace may go at once (the service's bucket holds
        /// a second's worth, but what an earlier command or another client took from it is not known).
        /// </summary>
        public const double BurstSeconds = 0.5;

        private readonly object _sync = new object();
        private readonly Dictionary<string, EndpointClassPace> _classes = new Dictionary<string, EndpointClassPace>(StringComparer.Ordinal);
        private readonly Clock _clock;

        public RequestPacer(Clock clock) => _clock = clock;

        /// <summary>
        /// Waits for the call's slot in its class (the next free one, after a burst); at once for a class that is not paced.
        /// </summary>
        public async Task WaitAsync(DatabricksRequest request, CancellationToken cancel)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            while (true)
            {
                TimeSpan wait;
                int epoch;
                lock (_sync)
                {
                    var now = _clock.UtcNow;
                    wait = PaceOf(name, documented).Reserve(now, out epoch) - now;
                }
                if (wait <= TimeSpan.Zero) return;
                await _clock.Delay(wait, cancel).ConfigureAwait(false);
                lock (_sync)
                {
                    // The pace changed, or a refusal for the limit holds the class, since the slot was
                    // reserved: reserve again under what holds now.
                    if (PaceOf(name, documented).StillValid(epoch, _clock.UtcNow)) return;
                }
            }
        }

        /// <summary>The call sent at <paramref name="sent"/> was answered (not 429).</summary>
        public void Answered(DatabricksRequest request, DateTimeOffset sent)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            lock (_sync) PaceOf(name, documented).Answered(sent, _clock.UtcNow);
        }

        /// <summary>The call sent at <paramref name="sent"/> was answered 429: what that did to its class's pace.</summary>
        public PaceVerdict Throttled(DatabricksRequest request, DateTimeOffset sent, TimeSpan? retryAfter)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            lock (_sync) return PaceOf(name, documented).Refused(sent, _clock.UtcNow, retryAfter);
        }

        /// <summary>The class's current pace per second; null while it is not paced.</summary>
        public double? PaceOf(DatabricksRequest request)
        {
            var (name, documented) = RateLimits.ClassOf(request);
            lock (_sync) return PaceOf(name, documented).PerSecond;
        }

        private EndpointClassPace PaceOf(string name, double? documented)
        {
            if (!_classes.TryGetValue(name, out var pace)) _classes[name] = pace = new EndpointClassPace(documented, Headroom, BurstSeconds,
                _clock.UtcNow);
            return pace;
        }
    }
}
