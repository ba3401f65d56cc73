using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DltDr.Engine.Operations;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// Every write step of a first publish, a republish and a catch-up, under every fault, then a
    /// rerun: the rerun converges (published as defined, nothing created twice, one catch-up run),
    /// and a republish never leaves the pair without an active region.
    /// </summary>
    public class PublishAndCatchUpFaultMatrixTests
    {
        private static readonly Dictionary<string, (string Method, string Prefix)> FirstPublishSteps = new Dictionary<string, (string, string)>
        {
            ["mkdirs"] = ("POST", "/api/2.0/workspace/mkdirs"),
            ["import"] = ("POST", "/api/2.0/workspace/import"),
            ["create pipeline"] = ("POST", "/api/2.0/pipelines"),
            ["create job"] = ("POST", "/api/2.2/jobs/create"),
        };

        private static readonly Dictionary<string, (string Method, string Prefix)> RepublishSteps = new Dictionary<string, (string, string)>
        {
            ["import"] = ("POST", "/api/2.0/workspace/import"),
            ["edit pipeline"] = ("PUT", "/api/2.0/pipelines/"),
            ["update job"] = ("POST", "/api/2.2/jobs/update"),
        };

        public static IEnumerable<object[]> FirstPublishCases() => from s in FirstPublishSteps.Keys from f in FailoverFaultMatrixTests.Faults select new object[] { s, f };

        public static IEnumerable<object[]> RepublishCases() => from s in RepublishSteps.Keys from f in FailoverFaultMatrixTests.Faults select new object[] { s, f };

        public static IEnumerable<object[]> CatchUpCases() => FailoverFaultMatrixTests.Faults.Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(FirstPublishCases))]
        public async Task A_first_publish_under_a_fault_then_a_rerun_converges(string step, string fault)
        {
            await using var w = await DrWorld.StartAsync();
            w.WritePair("sales");
            var (method, prefix) = FirstPublishSteps[step];
            w.H["primary"].Faults.Add(FailoverFaultMatrixTests.Rule(fault, method, prefix));
            var first = w.Run("Publish-DltDrPipeline -Pair sales -Token $token -Force -RegionTimeoutSec 3");
            await Recover(w, "primary", step, fault);

            await Rerun(w, step, fault);
        }

        [Theory]
        [MemberData(nameof(RepublishCases))]
        public async Task A_republish_under_a_fault_then_a_rerun_converges(string step, string fault)
        {
            await using var w = await Published();
            // Three changes, one per write step: the notebook, the pipeline's settings, the job's schedule.
            File.AppendAllText(Path.Combine(w.Folder, "notebooks", "bronze.py"), "# changed\n");
            w.WritePair("sales", mode: "lenient");
            var job = (JObject)(await w.H.OkAsync(HttpMethod.Get, "primary", "/api/2.2/jobs/list"))["jobs"]![0]!;
            var schedule = (JObject)job["settings"]!["schedule"]!.DeepClone();
            schedule["quartz_cron_expression"] = "0 30 5 * * ?";
            await w.H.OkAsync(HttpMethod.Post, "primary", "/api/2.2/jobs/update", new JObject { ["job_id"] = job["job_id"], ["new_settings"] = new JObject { ["schedule"] = schedule } });

            var (method, prefix) = RepublishSteps[step];
            w.H["primary"].Faults.Add(FailoverFaultMatrixTests.Rule(fault, method, prefix));
            w.Run("Publish-DltDrPipeline -Pair sales -Token $token -Force -RegionTimeoutSec 3");
            await Recover(w, "primary", step, fault);
            Assert.NotEqual(ActiveRegion.None, Status(w).ActiveRegion);

            await Rerun(w, step, fault);
        }

        [Theory]
        [MemberData(nameof(CatchUpCases))]
        public async Task A_catch_up_under_a_fault_then_a_rerun_starts_exactly_one_run(string fault)
        {
            await using var w = await Published();
            w.H["secondary"].Faults.Add(FailoverFaultMatrixTests.Rule(fault, "POST", "/api/2.2/jobs/run-now"));
            w.Run("Invoke-DltDrCatchUp sales -Token $token -RegionTimeoutSec 3 -Confirm:$false");
            await Recover(w, "secondary", "run-now", fault);
            w.H.Advance(30);

            var rerun = w.Run("Invoke-DltDrCatchUp sales -Token $token -Confirm:$false");
            Assert.True(rerun.Errors.Count == 0, $"the catch-up rerun after run-now met '{fault}' failed: {rerun.AllText()}");
            var result = Assert.Single(rerun.OutputOf<CatchUpResult>());
            var runs = (JArray)(await w.H.OkAsync(HttpMethod.Get, "secondary", "/api/2.2/jobs/runs/list"))["runs"]!;
            Assert.Equal(result.RunId, (long)Assert.Single(runs)["run_id"]!);
        }

        /// <summary>Clears the fault, brings the workspace back if it went down, and checks the fault was met.</summary>
        private static async Task Recover(DrWorld w, string ws, string step, string fault)
        {
            var hit = w.H[ws].Faults.Rules.Count == 0; // the one-shot rule was taken (a hung call is logged only once dropped)
            w.H[ws].Faults.Clear();
            if (w.H[ws].IsDown) await w.H.Emulator.BringUpAsync(ws);
            Assert.True(hit, $"the {fault} fault on the {step} step was never met");
        }

        /// <summary>The rerun publishes without error; each region holds one pipeline and one job, as defined, primary active.</summary>
        private static async Task Rerun(DrWorld w, string step, string fault)
        {
            var rerun = w.Run("Publish-DltDrPipeline -Pair sales -Token $token -Force");
            Assert.True(rerun.Errors.Count == 0, $"the publish rerun after the {step} step met '{fault}' failed: {rerun.AllText()}");
            foreach (var ws in new[] { "primary", "secondary" })
            {
                Assert.Single((JArray)(await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.0/pipelines"))["statuses"]!);
                Assert.Single((JArray)(await w.H.OkAsync(HttpMethod.Get, ws, "/api/2.2/jobs/list"))["jobs"]!);
            }
            var s = Status(w);
            Assert.Equal(ActiveRegion.Primary, s.ActiveRegion);
            Assert.DoesNotContain(s.Problems, p => p.Is(StatusRules.NotPublished, StatusRules.SettingsDrift, StatusRules.BothActive, StatusRules.NoneActive, StatusRules.ModeJobMismatch));
        }
    }
}
