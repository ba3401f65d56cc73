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
            await using var h = await EmulatorHarness.StartAsync("primary");
            // 250 pipelines: a listing is three pages.
            var ids = await Task.WhenAll(Enumerable.Range(1, 250).Select(i => h.CreatePipelineAsync("primary", new JObject
            {
                ["name"] = $"p{i:000}", ["storage"] = $"abfss://x@y.dfs.core.windows.net/p{i:000}", ["continuous"] = false,
            })));
            var watch = new PipelineWatch(new PipelinesService(EngineClients.Transport(h)), h.Clock) { Batched = true };
            var polling = new Polling(h.Clock);
            var seen = 0;
            // Forty waits that end at their first read, then three that never do (for 3 s).
            var quick = ids.Take(40).Select(id => watch.WaitAsync(id, p => Interlocked.Increment(ref seen) > 0, polling,
                TimeSpan.FromSeconds(3), null, CancellationToken.None)).ToList();
            await Task.WhenAll(quick);
            Assert.Equal(1, watch.Listings);
            var slow = ids.Skip(40).Take(3).Select(id => watch.WaitAsync(id, p => false, polling, TimeSpan.FromSeconds(3), null,
                CancellationToken.None)).ToList();
            var results = await Task.WhenAll(slow);
            Assert.All(results, r => Assert.False(r.Done));
            // Three waits against three pages: read alone, a round trip each tick, no further listing.
            Assert.Equal(1, watch.Listings);
            Assert.True(watch.Gets >= 3 * 3, $"{watch.Gets} reads alone");
        }
    }
}
