using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Cmdlets.Output;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Cmdlets
{
    public class PublishDltDrPipelineTests
    {
        private static async Task<JObject> Pipeline(DrWorld w, string ws, string name)
        {
            var list = await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.0/pipelines?filter=" + Uri.EscapeDataString($"name LIKE '{name}'"));
            return await w.H.GetPipelineAsync(ws, (string)Assert.Single(list["statuses"]!)["pipeline_id"]!);
        }

        [Fact]
        public async Task A_first_publish_deploys_both_regions_with_primary_active()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            var r = w.Run("Publish-DltDrPipeline -Pair sales -Token $token -Verbose");
            Assert.Empty(r.Errors);
            var results = r.OutputOf<PublishResult>().ToList();
            Assert.Equal(new[] { (Region.Primary, RegionRole.Active), (Region.Secondary, RegionRole.Standby) }, results.Select(x => (x.Region, x.Role)));
            Assert.All(results, x =>
            {
                Assert.Equal("sales", x.Pair);
                Assert.Equal(PlanAction.Create, x.Pipeline);
                Assert.Equal(PlanAction.Create, x.Job);
                Assert.Equal(2, x.NotebooksImported);
            });
            Assert.True((bool)(await Pipeline(w, "primary", "sales-dlt"))["spec"]!["continuous"]!);
            Assert.False((bool)(await Pipeline(w, "secondary", "sales-dlt"))["spec"]!["continuous"]!);
            Assert.Contains(r.Verbose, v => v.Message.StartsWith("sales/primary: Create Pipeline sales-dlt"));
        }

        [Fact]
        public async Task Publishing_an_unchanged_definition_again_makes_no_write()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            w.Run("Publish-DltDrPipeline sales -Token $token");
            w.H.Advance(60);
            var before = w.Writes;
            var r = w.Run("Publish-DltDrPipeline sales -Token $token");
            Assert.Empty(r.Errors);
            Assert.Equal(before, w.Writes);
            Assert.All(r.OutputOf<PublishResult>(), x =>
            {
                Assert.Equal(PlanAction.None, x.Pipeline);
                Assert.Equal(PlanAction.None, x.Job);
                Assert.Equal(0, x.NotebooksImported);
                Assert.Empty(x.Changes);
            });
        }

        [Fact]
        public async Task WhatIf_shows_the_plan_field_by_field_and_changes_nothing()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            var first = w.Run("Publish-DltDrPipeline sales -Token $token -WhatIf");
            Assert.Empty(first.Output);
            Assert.Equal(0, w.Writes);
            Assert.Contains("What if: Performing the operation \"Publish as active region:\n  Create Folder /Shared/dltdr/sales\n  Create Notebook /Shared/dltdr/sales/bronze", w.Ps.Host.TestUI.Written);
            Assert.Contains("Create Pipeline sales-dlt (created continuous: the service starts it)", w.Ps.Host.TestUI.Written);
            Assert.Contains("Create Job sales-dlt catch-up (schedule running (standby region))", w.Ps.Host.TestUI.Written);

            w.Run("Publish-DltDrPipeline sales -Token $token");
            w.WritePair("sales", mode: "lenient");
            w.Ps.Host.TestUI.Clear();
            var writes = w.Writes;
            w.Run("Publish-DltDrPipeline sales -Token $token -WhatIf");
            Assert.Equal(writes, w.Writes);
            Assert.Contains("Update Pipeline sales-dlt (restarts the running continuous pipeline)\n      configuration: {\"mode\":\"strict\"} -> {\"mode\":\"lenient\"}", w.Ps.Host.TestUI.Written);
        }

        [Fact]
        public async Task A_changed_setting_and_a_changed_notebook_are_all_that_is_written()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            w.Run("Publish-DltDrPipeline sales -Token $token");
            w.H.Advance(60);
            w.WritePair("sales", mode: "lenient");
            File.AppendAllText(Path.Combine(w.Folder, "notebooks", "silver.sql"), "-- tuned\n");
            var primaryWrites = w.H["primary"].Requests.WriteCount;
            var r = w.Run("Publish-DltDrPipeline sales -Token $token");
            Assert.Empty(r.Errors);
            var primary = r.OutputOf<PublishResult>().First(x => x.Region == Region.Primary);
            Assert.Equal(PlanAction.Update, primary.Pipeline);
            Assert.Equal(PlanAction.None, primary.Job);
            Assert.Equal(1, primary.NotebooksImported);
            Assert.Equal(1, primary.NotebooksUnchanged);
            Assert.True(primary.RestartedPipeline);
            Assert.Equal(new[] { "/api/2.0/workspace/import", "/api/2.0/pipelines/" + primary.PipelineId },
                w.H["primary"].Requests.Entries.Where(e => e.IsWrite).Skip(primaryWrites).Select(e => e.Path));
            Assert.Equal("lenient", (string?)(await Pipeline(w, "primary", "sales-dlt"))["spec"]!["configuration"]!["mode"]);
        }

        [Fact]
        public async Task A_storage_change_is_refused_as_ImmutableSetting_before_any_write()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            w.Run("Publish-DltDrPipeline sales -Token $token");
            var path = Path.Combine(w.Folder, "sales.json");
            File.WriteAllText(path, File.ReadAllText(path).Replace("abfss://dlt@weu.dfs.core.windows.net/sales", "abfss://dlt@moved.dfs.core.windows.net/sales"));
            var writes = w.Writes;
            var r = w.Run("Publish-DltDrPipeline sales -Token $token");
            var e = Assert.Single(r.Errors);
            Assert.Equal("ImmutableSetting,DltDr.Cmdlets.PublishDltDrPipelineCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
            Assert.Equal(writes, w.Writes);
        }

        [Fact]
        public async Task Confirm_asks_per_region_and_a_no_leaves_that_region_alone()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            w.Ps.Host.TestUI.Answers.Enqueue(0); // yes for primary
            w.Ps.Host.TestUI.Answers.Enqueue(2); // no for secondary
            var r = w.Run("Publish-DltDrPipeline sales -Token $token -Confirm");
            Assert.Equal(2, w.Ps.Host.TestUI.Prompts.Count);
            Assert.Equal(Region.Primary, Assert.Single(r.OutputOf<PublishResult>()).Region);
            Assert.Equal(0, w.H["secondary"].Requests.WriteCount);
        }

        [Fact]
        public async Task Region_limits_the_publish_and_a_first_standby_publish_is_standby()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            var r = w.Run("Publish-DltDrPipeline sales -Region Secondary -Token $token");
            var only = Assert.Single(r.OutputOf<PublishResult>());
            Assert.Equal((Region.Secondary, RegionRole.Standby), (only.Region, only.Role));
            Assert.Equal(0, w.H["primary"].Requests.WriteCount);
        }

        [Fact]
        public async Task Pairs_come_from_the_pipeline_and_many_are_published_at_once()
        {
            await using var w = await DrWorld.StartAsync();
            var names = new[] { "sales", "hr", "finance", "ops", "risk", "web" };
            foreach (var n in names) w.WritePair(n);
            var r = w.Run("Get-DltDrPair | Publish-DltDrPipeline -Token $token -ThrottleLimit 3");
            Assert.Empty(r.Errors);
            var results = r.OutputOf<PublishResult>().ToList();
            Assert.Equal(12, results.Count);
            Assert.Equal(names.OrderBy(n => n), results.Select(x => x.Pair).Distinct().OrderBy(n => n));
            var byName = w.Run("'sales', 'hr' | Publish-DltDrPipeline -Token $token");
            Assert.Equal(4, byName.OutputOf<PublishResult>().Count());
        }

        [Fact]
        public async Task Publishing_after_a_failover_keeps_the_secondary_active()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            w.Run("Publish-DltDrPipeline sales -Token $token");
            foreach (var (ws, on) in new[] { ("secondary", true), ("primary", false) })
            {
                var p = await Pipeline(w, ws, "sales-dlt");
                var spec = (JObject)p["spec"]!;
                spec["continuous"] = on;
                await w.H.OkAsync(HttpMethod.Put, ws, "/api/2.0/pipelines/" + (string)p["pipeline_id"]!, spec);
            }
            var r = w.Run("Publish-DltDrPipeline sales -Token $token");
            Assert.Equal(new[] { RegionRole.Standby, RegionRole.Active }, r.OutputOf<PublishResult>().Select(x => x.Role));
            Assert.True((bool)(await Pipeline(w, "secondary", "sales-dlt"))["spec"]!["continuous"]!);
        }

        [Fact]
        public async Task A_pipeline_that_is_not_ours_is_refused_with_a_stable_error_and_adopt_takes_it()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            var foreign = await w.H.CreatePipelineAsync("primary", new JObject { ["name"] = "sales-dlt", ["storage"] = "abfss://dlt@weu.dfs.core.windows.net/sales" });
            var r = w.Run("Publish-DltDrPipeline sales -Token $token");
            var e = Assert.Single(r.Errors);
            Assert.Equal("ResourceNotOwned,DltDr.Cmdlets.PublishDltDrPipelineCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
            Assert.Equal("sales/primary", e.TargetObject);
            Assert.Equal(Region.Secondary, Assert.Single(r.OutputOf<PublishResult>()).Region); // the other region was published

            var adopted = w.Run("Publish-DltDrPipeline sales -Token $token -Adopt");
            Assert.Empty(adopted.Errors);
            Assert.Equal(foreign, adopted.OutputOf<PublishResult>().First(x => x.Region == Region.Primary).PipelineId);
        }

        [Fact]
        public async Task An_unreachable_region_is_reported_and_the_other_is_published()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            await w.H.Emulator.TakeDownAsync("primary");
            var r = w.Run("Publish-DltDrPipeline sales -Token $token -RegionTimeoutSec 2");
            var e = Assert.Single(r.Errors);
            Assert.Equal("RegionUnreachable,DltDr.Cmdlets.PublishDltDrPipelineCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
            Assert.Contains("cannot connect", e.Exception.Message);
            var published = Assert.Single(r.OutputOf<PublishResult>());
            Assert.Equal((Region.Secondary, RegionRole.Standby), (published.Region, published.Role));
            Assert.Contains(r.Warnings, x => x.Message == "sales/secondary: first publish here, and sales/primary could not be read, so its role is assumed: standby.");
            Assert.DoesNotContain(EmulatorHarness.Token, r.AllText());
        }

        [Fact]
        public async Task Invalid_and_unknown_pairs_are_errors_and_nothing_is_written()
        {
            await using var w = await DrWorld.StartAsync();
            File.WriteAllText(Path.Combine(w.Folder, "broken.json"), "{ \"name\": \"broken\" }");
            var r = w.Run("Publish-DltDrPipeline broken, missing -Token $token");
            Assert.Equal(new[] { "InvalidPairDefinition,DltDr.Cmdlets.PublishDltDrPipelineCommand", "PairNotFound,DltDr.Cmdlets.PublishDltDrPipelineCommand" }, r.Errors.Select(e => e.FullyQualifiedErrorId));
            Assert.Equal(0, w.Writes);
        }

        [Fact]
        public async Task Without_credentials_the_error_says_what_to_set()
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            var r = w.Run("Publish-DltDrPipeline sales");
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e =>
            {
                Assert.Equal("AuthenticationFailed,DltDr.Cmdlets.PublishDltDrPipelineCommand", e.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
                Assert.StartsWith("No credentials are configured for http://127.0.0.1:", e.Exception.Message);
            });
        }
    }
}
