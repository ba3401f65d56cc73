using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>The transport's pacing under the documented limits, on a clock only the test moves.</summary>
    public sealed class RequestPacerTests
    {
        private readonly SteppingClock _clock = new SteppingClock();
        private readonly List<DateTimeOffset> _sent = new List<DateTimeOffset>();

        private DateTimeOffset Now => _clock.UtcNow;

        private RequestPacer NewPacer() => new RequestPacer(_clock);

        private static readonly DatabricksRequest Update = new DatabricksRequest(HttpMethod.Post, "/api/2.2/jobs/update", CallKind.IdempotentWrite);
        private static readonly DatabricksRequest ListJobs = DatabricksRequest.Get("/api/2.2/jobs/list");
        private static readonly DatabricksRequest EditPipeline = new DatabricksRequest(HttpMethod.Put, "/api/2.0/pipelines/abc", CallKind.IdempotentWrite);

        private async Task SendAsync(RequestPacer pacer, DatabricksRequest request, int count)
        {
            for (var i = 0; i < count; i++)
            {
                await pacer.WaitAsync(request, CancellationToken.None);
                _sent.Add(Now);
            }
        }

        /// <summary>How many of the calls sent a service holding <paramref name="limit"/> a second (a bucket of a second's worth) would refuse.</summary>
        private int RefusedUnder(double limit)
        {
            double tokens = limit;
            var at = _sent.FirstOrDefault();
            var refused = 0;
            foreach (var t in _sent)
            {
                tokens = Math.Min(limit, tokens + (t - at).TotalSeconds * limit);
                at = t;
                if (tokens >= 1) tokens -= 1;
                else refused++;
            }
            return refused;
        }

        [Fact]
        public async Task Calls_of_a_documented_class_go_at_95_percent_of_its_limit_after_a_small_burst()
        {
            var pacer = NewPacer();
            var start = Now;
            await SendAsync(pacer, Update, 100);
            Assert.Equal(9.5, pacer.PaceOf(Update));
            Assert.Equal(0, RefusedUnder(10)); // jobs/update's limit
            Assert.True(RefusedUnder(9) > 0, "paced below 95% of the limit"); // and not slower than needed
            // 4 (half a second's worth of the pace) go at once, the other 96 one every 1/9.5 s.
            Assert.Equal(96 / 9.5, (Now - start).TotalSeconds, 1);
        }

        [Fact]
        public async Task Classes_are_paced_apart_and_the_Pipelines_API_is_not_paced_until_it_answers_429()
        {
            var pacer = NewPacer();
            await SendAsync(pacer, ListJobs, 10);
            var afterJobs = Now;
            await SendAsync(pacer, Update, 4);
            Assert.Equal(afterJobs, Now); // a burst of its own: jobs/list calls did not use it up
            await SendAsync(pacer, EditPipeline, 500);
            Assert.Equal(afterJobs, Now);
            Assert.Null(pacer.PaceOf(EditPipeline));

            // A burst refused whole: too few let through to measure a rate, so a first guess, and
            // the class held for the Retry-After. (Fewer refusals than a sample judge nothing.)
            PaceVerdict verdict = null!;
            for (var i = 0; i < EndpointClassPace.Sample; i++) verdict = pacer.Throttled(EditPipeline, Now, TimeSpan.FromSeconds(2));
            Assert.Equal(PaceCause.Limit, verdict.Cause);
            Assert.Equal(EndpointClassPace.FirstGuessPerSecond, verdict.PerSecond);
            var throttledAt = Now;
            await SendAsync(pacer, EditPipeline, 1);
            Assert.Equal(throttledAt + TimeSpan.FromSeconds(2), Now); // the class is held for the Retry-After
        }
    }
}
