using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Examples
{
    /// <summary>The examples/ folder, run as users run it, against emulated workspaces, so none can rot.</summary>
    [Collection(ExamplesCollection.Name)]
    public sealed class ExampleTests
    {
        private static string Example(params string[] parts) => Path.Combine(new[] { RepoPaths.Root, "examples" }.Concat(parts).ToArray());

        /// <summary>examples/pairs/NAME.json pointed at the emulated workspaces, its notebooks folder made absolute, its auth kept.</summary>
        private static string PairJson(DrWorld w, string name)
        {
            var file = Example("pairs", name + ".json");
            var pair = JObject.Parse(File.ReadAllText(file));
            pair["regions"]!["primary"]!["host"] = w.H.Url("primary");
            pair["regions"]!["secondary"]!["host"] = w.H.Url("secondary");
            pair["notebooks"]!["source"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, (string)pair["notebooks"]!["source"]!));
            pair.Remove("$schema");
            return pair.ToString();
        }

        private static string Lines(PsResult r) => string.Join("\n", r.Output.Select(o => o?.ToString()));

        [Theory]
        [InlineData("sales", "sales-dlt")]
        [InlineData("hr", "hr-dlt")]
        public void The_example_pair_definitions_are_valid(string name, string pipeline)
        {
            using var ps = new PsSession();
            var r = ps.Run($"Get-DltDrPair -Path '{Example("pairs", name + ".json")}'");
            Assert.Empty(r.Errors);
            var pair = Assert.Single(r.OutputOf<PairDefinition>());
            Assert.Equal(name, pair.Name);
            Assert.Equal(pipeline, pair.PipelineName);
            Assert.NotEmpty(pair.Notebooks.Files);
        }

        [Fact]
        public async Task The_drill_script_publishes_catches_up_fails_over_and_back()
        {
            await using var w = await DrWorld.StartAsync(clockScale: 100);
            var r = w.Run($"& '{Example("Start-DltDrDrill.ps1")}' -PrimaryHost {w.H.Url("primary")} -SecondaryHost {w.H.Url("secondary")}");
            Assert.True(r.Errors.Count == 0 && r.TerminatingError == null, r.AllText());
            var screen = w.Ps.Host.TestUI.Written;
            Assert.Contains("==> 4. Fail over to the secondary region", screen);
            Assert.Contains("Recovery time (start of failover until the secondary ran):", screen);
            Assert.Contains("Drill complete: failover and failback of 'sales' succeeded.", screen);
            Assert.True((bool)(await Cmdlets.SetDltDrActiveRegionTests.Pipeline(w, "primary"))["spec"]!["continuous"]!);
            Assert.False((bool)(await Cmdlets.SetDltDrActiveRegionTests.Pipeline(w, "secondary"))["spec"]!["continuous"]!);
            Assert.Equal(w.Folder, w.Ps.GetVariable("DltDrPairPath")); // the drill puts the session's pair store back
        }

        [Fact]
        public async Task The_failover_runbook_uses_the_managed_identity_and_the_failback_runbook_returns()
        {
            await using var w = await DrWorld.StartAsync(clockScale: 100);
            const string issued = "eyJmsi.eyJhdXRvbWF0aW9uIjoxfQ.sig";
            using var identity = new TokenStandIn(_ => (200, $"{{\"access_token\":\"{issued}\",\"expires_on\":\"{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}\",\"resource\":\"2ff814a6-3304-4ab8-85cb-cd0e6f879c1d\",\"token_type\":\"Bearer\"}}"));
            foreach (var ws in new[] { "primary", "secondary" })
            {
                w.H[ws].Read(x => { x.Auth.Restrict(new[] { (issued, "dr-automation", false) }, Array.Empty<(string, string)>()); return 0; });
            }
            using var sandbox = new ScopedEnvironmentVariables(("IDENTITY_ENDPOINT", identity.Url + "msi/token"), ("IDENTITY_HEADER", "automation-sandbox-header"), ("PSModulePath", RepoPaths.Root + "/out" + Path.PathSeparator + Environment.GetEnvironmentVariable("PSModulePath")));
            w.Ps.SetVariable("json", PairJson(w, "sales"));

            var publish = w.Run("Get-DltDrPair -Json $json | Publish-DltDrPipeline -Confirm:$false");
            Assert.True(publish.Errors.Count == 0, publish.AllText());
            await Task.Delay(300); // the primary starts (10 s of emulated time)

            var failover = w.Run($"& '{Example("runbooks", "Invoke-DltDrFailover.ps1")}' -PairJson $json -Region Secondary");
            Assert.True(failover.Errors.Count == 0 && failover.TerminatingError == null, failover.AllText());
            var report = failover.Output.Last();
            Assert.Equal("sales", report.Properties["Pair"].Value);
            Assert.Equal("Secondary", report.Properties["ActiveRegion"].Value);
            Assert.Equal("Primary", report.Properties["Previous"].Value);
            Assert.True((bool)report.Properties["Changed"].Value);
            Assert.Contains("Making Secondary active for pair 'sales'.", Lines(failover));
            Assert.Contains("After: active region Secondary; Primary: Standby, Triggered", Lines(failover));
            Assert.All(identity.Requests, q => Assert.Equal("automation-sandbox-header", q.Headers["X-IDENTITY-HEADER"]));
            Assert.NotEmpty(identity.Requests);

            var failback = w.Run($"& '{Example("runbooks", "Invoke-DltDrFailback.ps1")}' -PairJson $json");
            Assert.True(failback.Errors.Count == 0 && failback.TerminatingError == null, failback.AllText());
            Assert.Matches(@"sales: catch-up run \d+ ended SUCCESS after [\d.]+ s\.", Lines(failback));
            Assert.Contains("sales: failed back; active region Primary", Lines(failback));
            var status = w.Run("Get-DltDrPair -Json $json | Get-DltDrStatus").OutputOf<PairStatus>().Single();
            Assert.Equal(ActiveRegion.Primary, status.ActiveRegion);
            Assert.Equal(RegionRole.Standby, status.Secondary.Role);
        }

        [Fact]
        public async Task The_health_check_exits_1_with_the_reason_0_when_healthy_and_2_when_nothing_is_found()
        {
            await using var w = await DrWorld.StartAsync(clockScale: 100);
            w.WritePair("sales");
            w.Publish("sales");
            var script = Example("Test-DltDrHealth.ps1");

            var stale = w.Run($"& '{script}' -Token $token; $LASTEXITCODE");
            Assert.Equal(1, (int)stale.Output.Last().BaseObject);
            Assert.Contains("PROBLEM sales: StaleStandby (Secondary): secondary has never completed an update", Lines(stale));
            Assert.Contains("1 problem(s) in 1 of 1 pair(s).", Lines(stale));

            Assert.Empty(w.Run("Invoke-DltDrCatchUp sales -Wait -Token $token").Errors);
            var healthy = w.Run($"& '{script}' -Token $token; $LASTEXITCODE");
            Assert.Equal(0, (int)healthy.Output.Last().BaseObject);
            Assert.Contains("OK      sales: Primary active.", Lines(healthy));

            var unknown = w.Run($"& '{script}' -Pair nothing-here -Token $token; $LASTEXITCODE");
            Assert.Equal(2, (int)unknown.Output.Last().BaseObject);
            Assert.Contains("ERROR   PairNotFound,DltDr.Cmdlets.GetDltDrPairCommand: No pair named 'nothing-here'", Lines(unknown));
            Assert.Contains("1 pair(s) could not be checked.", Lines(unknown));

            var none = w.Run($"& '{script}' -Pair 'zz*' -Token $token; $LASTEXITCODE");
            Assert.Equal(2, (int)none.Output.Last().BaseObject);
            Assert.Contains("No pair matches 'zz*': nothing was checked.", Lines(none));
        }
    }
}
