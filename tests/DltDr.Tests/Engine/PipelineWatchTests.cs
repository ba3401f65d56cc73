using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks;
using DltDr.Engine.Time;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// Waits on many pipelines of one workspace share a listing a tick; when the waits left are few
    /// for the pages a listing takes, their pipelines are read alone, at once, instead.
    /// </summary>
    public sealed class PipelineWatchTests
    {
        [Fact]
        public async Task Few_waits_in_a_workspace_of_many_pages_read_their_pipelines_instead_of_listing_it()
        {
            // Real time: each wait ends after a number of reads, so what is checked is which calls were
            // made, never how many fit in a time. (On the virtual time, a busy machine let the time
            // jump past the waits' timeouts between a page's answer and the next call: #34's
            // "settled" from the thread pool's queue.)
            await using var h = await EmulatorHarness.StartRealTimeAsync(1, "primary");
            // 250 pipelines: a listing is three pages.
            var ids = await Task.WhenAll(Enumerable.Range(1, 250).Select(i => h.CreatePipelineAsync("primary", new JObject
            {
                ["name"] = $"p{i:000}", ["storage"] = $"abfss://x@y.dfs.core.windows.net/p{i:000}", ["continuous"] = false,
            })));
            var watch = new PipelineWatch(new PipelinesService(EngineClients.Transport(h)), EngineClients.Clock(h)) { Batched = true };
            var polling = new Polling(EngineClients.Clock(h));
            var bound = TimeSpan.FromMinutes(2);
            // Forty waits that end at their first read: many for three pages, so they are served by listings.
            var quick = await Task.WhenAll(ids.Take(40).Select(id => watch.WaitAsync(id, p => true, polling, bound, null,
                CancellationToken.None)));
            Assert.All(quick, r => Assert.True(r.Done));
            // The first wait lists (the pages are not known yet); the others join a listing, or, if the
            // last few came after it, are read alone: either way no wait was listed for alone.
            var listings = watch.Listings;
            var gets = watch.Gets;
            Assert.True(listings >= 1, $"{listings} listings");
            Assert.True(listings + gets < 40, $"{listings} listings and {gets} reads alone for 40 waits");
            // Three waits that each end at their third read: few for three pages, so read alone.
            var reads = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            var slow = await Task.WhenAll(ids.Skip(40).Take(3).Select(id => watch.WaitAsync(id,
                p => reads.AddOrUpdate(p.PipelineId!, 1, (_, n) => n + 1) >= 3, polling, bound, null, CancellationToken.None)));
            Assert.All(slow, r => Assert.True(r.Done));
            // Three waits against three pages: read alone, three reads each, no listing.
            Assert.Equal(listings, watch.Listings);
            Assert.Equal(gets + 9, watch.Gets);
        }

        [Fact]
        public async Task A_later_page_refused_holds_up_only_the_waits_on_it()
        {
            await using var h = await EmulatorHarness.StartRealTimeAsync(1, "primary");
            // 150 pipelines: a listing is two pages.
            await Task.WhenAll(Enumerable.Range(1, 150).Select(i => h.CreatePipelineAsync("primary", new JObject
            {
                ["name"] = $"p{i:000}", ["storage"] = $"abfss://x@y.dfs.core.windows.net/p{i:000}", ["continuous"] = false,
            })));
            var firstPage = (await h.GetAsync("primary", "/api/2.0/pipelines?max_results=100")).Json["statuses"]!
                .Select(p => (string)p["pipeline_id"]!).Take(10).ToList();
            // Every second page is refused for a long time: its Retry-After outlasts the waits' bound.
            h["primary"].Faults.Add(new DltDr.Emulator.Faults.FaultRule
            {
                Status = 429, RetryAfterSeconds = 60, Method = "GET", PathPrefix = "/api/2.0/pipelines", QueryContains = "page_token=",
            });
            var watch = new PipelineWatch(new PipelinesService(EngineClients.Transport(h)), EngineClients.Clock(h)) { Batched = true };
            var waits = await Task.WhenAll(firstPage.Select(id => watch.WaitAsync(id, p => true, new Polling(EngineClients.Clock(h)),
                TimeSpan.FromSeconds(30), null, CancellationToken.None)));
            // Each wait was answered by the first page, while the second was still refused.
            Assert.All(waits, w => Assert.True(w.Done));
            Assert.DoesNotContain(h["primary"].Requests.Entries, e => e.Method == "GET" && e.Path == "/api/2.0/pipelines"
                && (e.Query ?? string.Empty).Contains("page_token=", StringComparison.Ordinal) && e.Status == 200);
        }
    }
}
