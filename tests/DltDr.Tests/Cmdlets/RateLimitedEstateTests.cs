using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Engine.Operations;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// Several pairs at once under the service's documented request limits: each workspace listed
    /// once per command, one call per pair and region for status, waits on listings, who the
    /// caller is read once per workspace, and no pair ending in a warning or error because of a 429.
    /// </summary>
    public sealed class RateLimitedEstateTests
    {
        private static readonly string[] Pairs = { "p1", "p2", "p3", "p4", "p5", "p6" };

        private static async Task<DrWorld> LimitedEstate()
        {
            var w = await Published(Pairs);
            w.Run("Invoke-DltDrCatchUp p1,p2,p3,p4,p5,p6 -Wait -Token $token -Confirm:$false");
            foreach (var ws in new[] { "primary", "secondary" })
            {
                w.H[ws].Limits.Enabled = true;
                w.H[ws].Requests.Clear();
            }
            return w;
        }

        private static int Count(DrWorld w, string ws, string method, string path)
            => w.H[ws].Requests.Entries.Count(e => e.Method == method && e.Path == path);

        [Fact]
        public async Task Status_lists_each_workspace_once_and_reads_one_pipeline_a_pair_and_region_besides()
        {
            await using var w = await LimitedEstate();
            var r = w.Run("Get-DltDrStatus p1,p2,p3,p4,p5,p6 -Token $token");
            Assert.True(r.Errors.Count == 0 && r.Warnings.Count == 0, r.AllText());
            var statuses = r.OutputOf<PairStatus>().ToList();
            Assert.Equal(Pairs.Length, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(ActiveRegion.Primary, s.ActiveRegion));
            // Freshness and the catch-up's last run come from the pipeline's latest updates.
            Assert.All(statuses, s => Assert.NotNull(s.Secondary.FreshAsOf));
            Assert.All(statuses, s => Assert.Equal("COMPLETED", s.Secondary.LastCatchUpResult));
            foreach (var ws in new[] { "primary", "secondary" })
            {
                Assert.Equal(1, Count(w, ws, "GET", "/api/2.0/pipelines"));
                Assert.Equal(1, Count(w, ws, "GET", "/api/2.2/jobs/list"));
                var perPair = w.H[ws].Requests.Entries.Where(e => e.Path != "/api/2.0/pipelines" && e.Path != "/api/2.2/jobs/list")
                    .Select(e => e.Method + " " + e.Path).ToList();
                Assert.Equal(Pairs.Length, perPair.Count);
                Assert.All(perPair, c => Assert.StartsWith("GET /api/2.0/pipelines/", c));
                Assert.DoesNotContain(w.H[ws].Requests.Entries, e => e.Status == 429);
            }
        }

        [Fact]
        public async Task After_a_failover_status_dates_the_demoted_standby_from_its_demotion_tag_and_reads_no_event_log()
        {
            await using var w = await LimitedEstate();
            var switched = w.Run("Set-DltDrActiveRegion p1,p2,p3,p4,p5,p6 -Region Secondary -Token $token -Force");
            Assert.True(switched.Errors.Count == 0, switched.AllText());
            w.H.Advance(60);
            foreach (var ws in new[] { "primary", "secondary" }) w.H[ws].Requests.Clear();
            var r = w.Run("Get-DltDrStatus p1,p2,p3,p4,p5,p6 -Token $token");
            Assert.True(r.Errors.Count == 0 && r.Warnings.Count == 0, r.AllText());
            foreach (var s in r.OutputOf<PairStatus>())
            {
                // The demoted primary's continuous update was canceled by the demotion: fresh as of it.
                var demoted = switched.OutputOf<SwitchResult>().Single(x => x.Pair == s.Pair).Steps.Single(x => x.Step == "demote");
                Assert.Equal(ActiveRegion.Secondary, s.ActiveRegion);
                Assert.NotNull(s.Primary.FreshAsOf);
                Assert.Equal("edited", demoted.Outcome);
                Assert.DoesNotContain(s.Problems, p => p.Kind == StatusRules.StaleStandby);
            }
            foreach (var ws in new[] { "primary", "secondary" })
            {
                Assert.DoesNotContain(w.H[ws].Requests.Entries, e => e.Path.EndsWith("/events", System.StringComparison.Ordinal));
            }
        }

        [Fact]
        public async Task A_failover_of_several_pairs_waits_on_listings_asks_who_the_caller_is_once_per_workspace_and_meets_no_429()
        {
            await using var w = await LimitedEstate();
            var r = w.Run("Set-DltDrActiveRegion p1,p2,p3,p4,p5,p6 -Region Secondary -Token $token -Force");
            Assert.True(r.Errors.Count == 0 && r.Warnings.Count == 0, r.AllText());
            Assert.All(r.OutputOf<SwitchResult>(), s => Assert.False(s.PendingDemotion));
            Assert.All(r.OutputOf<SwitchResult>(), s => Assert.Equal(DltDr.Engine.Pairs.Region.Secondary, s.ActiveRegion));
            // Pipeline gets per pair: the first read and the last; the promoted one also once after it was seen running.
            var gets = new Dictionary<string, int> { ["primary"] = 2, ["secondary"] = 3 };
            foreach (var ws in new[] { "primary", "secondary" })
            {
                Assert.Equal(1, Count(w, ws, "GET", "/api/2.0/preview/scim/v2/Me"));
                Assert.Equal(1, Count(w, ws, "GET", "/api/2.2/jobs/list"));
                var perPipeline = w.H[ws].Requests.Entries.Where(e => e.Method == "GET" && e.Path.StartsWith("/api/2.0/pipelines/"))
                    .GroupBy(e => e.Path).Select(g => g.Count()).ToList();
                Assert.Equal(Pairs.Length, perPipeline.Count);
                Assert.All(perPipeline, n => Assert.Equal(gets[ws], n));
                Assert.DoesNotContain(w.H[ws].Requests.Entries, e => e.Status == 429);
            }
            // Waits for RUNNING and IDLE read listings, one a tick for all six pairs: never two
            // closer together than one wait's first poll interval, and as many as the polls' steady
            // start and then slower schedule make (an update starts in about 15 s here), not one a pair.
            foreach (var ws in new[] { "primary", "secondary" })
            {
                var listings = w.H[ws].Requests.Entries.Where(e => e.Method == "GET" && e.Path == "/api/2.0/pipelines")
                    .Select(e => e.VirtualTime).ToList();
                Assert.InRange(listings.Count, 2, 16);
                Assert.All(listings.Zip(listings.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= System.TimeSpan.FromMilliseconds(250),
                    $"{ws}: listings {gap.TotalMilliseconds} ms apart"));
            }
        }

        [Fact]
        public async Task A_workspace_that_allows_less_than_documented_costs_retries_and_every_pair_still_ends_well()
        {
            await using var w = await LimitedEstate();
            w.H["secondary"].Limits.Set(new[] { ("jobs/update", 2, System.TimeSpan.FromSeconds(1)) });
            var r = w.Run("Set-DltDrActiveRegion p1,p2,p3,p4,p5,p6 -Region Secondary -Token $token -Force -Debug");
            Assert.True(r.Errors.Count == 0 && r.Warnings.Count == 0, r.AllText());
            Assert.All(r.OutputOf<SwitchResult>(), s => Assert.Equal(DltDr.Engine.Pairs.Region.Secondary, s.ActiveRegion));
            Assert.All(r.OutputOf<SwitchResult>(), s => Assert.Empty(s.FollowUps));
            Assert.Contains(w.H["secondary"].Requests.Entries, e => e.Status == 429 && e.Fault == "rate_limit");
            Assert.Contains(r.Debug, d => d.Message.Contains("POST /api/2.2/jobs/update") && d.Message.Contains("this call waits its Retry-After"));
            // Every pause went through, each once.
            Assert.Equal(Pairs.Length, w.H["secondary"].Requests.Entries.Count(e => e.Path == "/api/2.2/jobs/update" && e.Status == 200));
        }

        [Fact]
        public async Task A_read_waiting_its_turn_longer_than_the_region_timeout_is_not_reported_unreachable_while_the_region_answers()
        {
            await using var w = await LimitedEstate();
            // A limit nobody documented: the listing and six pipeline reads at one a second take
            // about six seconds, over the two allowed.
            w.H["secondary"].Limits.Set(new[] { ("pipelines/read", 1, System.TimeSpan.FromSeconds(1)) });
            var r = w.Run("Get-DltDrStatus p1,p2,p3,p4,p5,p6 -Token $token -RegionTimeoutSec 2");
            Assert.True(r.Errors.Count == 0 && r.Warnings.Count == 0, r.AllText());
            var statuses = r.OutputOf<PairStatus>().ToList();
            Assert.Equal(Pairs.Length, statuses.Count);
            Assert.All(statuses, s => Assert.DoesNotContain(s.Problems, p => p.Kind == StatusRules.RegionUnreachable));
            Assert.All(statuses, s => Assert.Equal(DltDr.Engine.Pairs.RegionRole.Standby, s.Secondary.Role));
            var calls = w.H["secondary"].Requests.Entries.Where(e => e.Path.StartsWith("/api/2.0/pipelines/") && e.Status == 200)
                .Select(e => e.RealTime).ToList();
            Assert.Equal(Pairs.Length, calls.Count);
            Assert.True(calls.Max() - calls.Min() > System.TimeSpan.FromSeconds(2), "the reads were not held past the region timeout, so this proves nothing");
        }
    }
}
