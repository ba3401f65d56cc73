using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Engine.Operations;
using DltDr.Engine.Status;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>The operator's steps the fault tests repeat: publish, read status, switch, and look at a region's pipeline and job.</summary>
    internal static class DrSteps
    {
        /// <summary>
        /// The pairs ("sales" when none is named) published on a virtual time, which then moves a
        /// minute on so the primary runs: time moves further only while a command waits on it.
        /// </summary>
        public static async Task<DrWorld> Published(params string[] pairs)
        {
            var w = await DrWorld.StartAsync();
            if (pairs.Length == 0) pairs = new[] { "sales" };
            foreach (var p in pairs) w.WritePair(p);
            w.Publish(pairs);
            w.H.Advance(60);
            return w;
        }

        public static PairStatus Status(DrWorld w, string pair = "sales")
        {
            var r = w.Run($"Get-DltDrStatus {pair} -Token $token -RegionTimeoutSec 5");
            Assert.Empty(r.Errors);
            return Assert.Single(r.OutputOf<PairStatus>());
        }

        public static SwitchResult Switch(DrWorld w, string region, string extra = "", string pair = "sales")
        {
            var r = w.Run($"Set-DltDrActiveRegion -Pair {pair} -Region {region} -Token $token -Force {extra}");
            if (r.Errors.Count > 0) throw new Xunit.Sdk.XunitException("Set-DltDrActiveRegion failed: " + r.AllText());
            return Assert.Single(r.OutputOf<SwitchResult>());
        }

        public static async Task<JObject> Pipeline(DrWorld w, string ws)
        {
            var list = await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.0/pipelines");
            return await w.H.GetPipelineAsync(ws, (string)list["statuses"]![0]!["pipeline_id"]!);
        }

        public static async Task<string?> JobPause(DrWorld w, string ws)
        {
            var list = await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.2/jobs/list");
            return (string?)list["jobs"]![0]!["settings"]!["schedule"]!["pause_status"];
        }
    }
}
