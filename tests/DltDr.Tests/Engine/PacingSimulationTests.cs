using System.Linq;
using DltDr.Engine.Databricks;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// The pace of one endpoint class against a simulated service (see <see cref="PacingSimulation"/>):
    /// every call wanting to go at once, 100 ms a round trip, each refused call waiting its
    /// Retry-After. The figures are the time against the floor the limit allows (calls / limit),
    /// the 429s met, and whether they stop once the pace has settled (no sawtooth).
    /// </summary>
    public sealed class PacingSimulationTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void A_documented_limit_that_holds_is_met_without_a_429(int seed)
        {
            var run = new PacingSimulation { Documented = 10, Limit = 10, Seed = seed }.Run(200);
            Assert.Empty(run.Refusals);
            Assert.InRange(run.Seconds / (200 / 10.0), 1.0, 1.1);
        }

        [Theory]
        [InlineData(10, 2.5, 100)] // a quarter of the documented figure
        [InlineData(20, 5, 100)]
        [InlineData(10, 6, 200)]
        public void A_limit_lower_than_documented_is_learnt_in_a_few_429s_and_kept_under(double documented, double limit, int calls)
        {
            var run = new PacingSimulation { Documented = documented, Limit = limit }.Run(calls);
            Assert.True(run.Seconds <= 1.3 * calls / limit, run.ToString());
            Assert.True(run.Refusals.Count <= 30, run.ToString());
            Assert.True(run.RefusedLate() == 0, "refused after settling: " + run);
            Assert.True(run.FinalPace <= limit, run.ToString());
            Assert.True(run.FinalPace >= 0.75 * limit, run.ToString());
        }

        [Theory]
        [InlineData(20, 400)]
        [InlineData(5, 100)]
        public void A_class_without_a_documented_figure_learns_its_limit_from_the_first_burst_refused(double limit, int calls)
        {
            var run = new PacingSimulation { Limit = limit }.Run(calls);
            Assert.True(run.Seconds <= 1.3 * calls / limit, run.ToString());
            Assert.True(run.RefusedLate() == 0, "refused after settling: " + run);
            Assert.True(run.FinalPace <= limit && run.FinalPace >= 0.75 * limit, run.ToString());
            Assert.Contains(run.Refusals, r => r.Cause == PaceCause.Limit);
        }

        [Fact]
        public void Random_429s_that_slowing_down_does_not_cure_do_not_sink_the_pace()
        {
            // 10% of calls refused (Retry-After 1) whatever the pace, on a class without a limit.
            var clean = new PacingSimulation().Run(400);
            var noisy = new PacingSimulation { Noise = 0.1 }.Run(400);
            Assert.Null(noisy.FinalPace); // back to not paced at all
            Assert.Contains(noisy.Refusals, r => r.Cause == PaceCause.Noise);
            // What the noise costs is the refused calls' own Retry-After, not a slower class.
            Assert.True(noisy.Seconds <= clean.Seconds + 5, $"{noisy} against {clean}");
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Random_429s_on_a_documented_class_cost_their_retries_and_the_pace_stays(int seed)
        {
            var run = new PacingSimulation { Documented = 10, Limit = 10, Noise = 0.1, Seed = seed }.Run(200);
            Assert.True(run.Seconds <= 1.3 * 200 / 10.0, run.ToString());
            Assert.Contains(run.Refusals, r => r.Cause == PaceCause.Noise);
            Assert.True(run.Refusals.Count(r => r.Cause == PaceCause.Limit) == 0, run.ToString());
        }

        [Fact]
        public void A_quarter_of_the_documented_limit_with_random_429s_is_still_learnt()
        {
            var run = new PacingSimulation { Documented = 10, Limit = 2.5, Noise = 0.1 }.Run(100);
            Assert.True(run.Seconds <= 1.4 * 100 / 2.5, run.ToString());
            Assert.True(run.FinalPace <= 2.5, run.ToString());
        }

        [Fact]
        public void A_bucket_another_client_emptied_holds_the_class_once_and_the_pace_stays()
        {
            var run = new PacingSimulation { Documented = 10, Limit = 10, BucketAtStart = 0 }.Run(200);
            Assert.True(run.Seconds <= 1.1 * 200 / 10.0, run.ToString());
            Assert.Equal(9.5, run.FinalPace);
            Assert.True(run.Refusals.Count <= 5, run.ToString());
        }
    }
}
