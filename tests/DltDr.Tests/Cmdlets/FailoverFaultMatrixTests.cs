using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Emulator.Faults;
using DltDr.Engine.Operations;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// Every write step of the step list (<see cref="SwitchSteps.Writes"/>), of a failover and a
    /// failback, under every fault, then a rerun. Never no active region; both active only as a
    /// pending demotion (the region was lost) or with the BothActive error naming the rerun; and the
    /// rerun converges on the target alone.
    /// </summary>
    public class FailoverFaultMatrixTests
    {
        public static readonly string[] WriteSteps = SwitchSteps.Writes.Select(s => s.Id).ToArray();
        public static readonly string[] Faults = { "refused", "hang", "429", "500", "503", "504", "reset", "applied-then-timeout" };

        public static IEnumerable<object[]> Cases() => from step in WriteSteps from fault in Faults select new object[] { step, fault };

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Failover_under_a_fault_then_a_rerun_converges(string step, string fault)
        {
            await using var w = await Published();
            await Check(w, "Secondary", step, fault);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Failback_under_a_fault_then_a_rerun_converges(string step, string fault)
        {
            await using var w = await Published();
            Switch(w, "Secondary");
            await Check(w, "Primary", step, fault);
        }

        public static IEnumerable<object[]> Steps() => WriteSteps.Select(s => new object[] { s });

        /// <summary>
        /// Stopped (Ctrl+C) while a write step is in flight, that is after the step before it: status
        /// shows what the step list says that step leaves, and the rerun converges.
        /// </summary>
        [Theory]
        [MemberData(nameof(Steps))]
        public async Task Killed_at_a_write_step_then_a_rerun_converges(string step)
        {
            await using var w = await Published();
            var already = Status(w).Problems.Select(p => p.Code).ToHashSet(); // the standby was never caught up
            var (ws, method, prefix) = await Target(w, "Secondary", step);
            // As the step's write arrives it hangs, time stands still and Ctrl+C is pressed.
            using var stop = new System.Threading.CancellationTokenSource();
            IDisposable? frozen = null;
            w.H[ws].Faults.Add(new FaultRule
            {
                Kind = FaultKind.Hang, Method = method, PathPrefix = prefix, Remaining = 1,
                OnMatch = () => { frozen = w.H.Time!.Freeze(); stop.Cancel(); },
            });
            var stopped = w.Ps.Run("Set-DltDrActiveRegion -Pair sales -Region Secondary -Token $token -Force -RegionTimeoutSec 600", null, TimeSpan.FromMinutes(3), stop.Token);
            frozen?.Dispose();
            var reached = w.H[ws].Faults.Rules.Count == 0;
            Assert.True(reached || step == "stop", $"the {step} step was never reached: {stopped.AllText()}");
            Assert.True(!reached || stopped.Stopped, $"the command was not stopped at the {step} step: {stopped.AllText()}");
            w.H[ws].Faults.Clear();
            var left = Status(w);
            Assert.NotEqual(ActiveRegion.None, left.ActiveRegion);
            var before = SwitchSteps.All[SwitchSteps.All.ToList().FindIndex(s => s.Id == step) - 1];
            Assert.Equal(before.LeavesProblems.OrderBy(c => c), left.Problems.Select(p => p.Code).Where(c => !already.Contains(c)).Distinct().OrderBy(c => c));

            var rerun = w.Run("Set-DltDrActiveRegion -Pair sales -Region Secondary -Token $token -Force");
            Assert.True(rerun.Errors.Count == 0, rerun.AllText());
            var end = Status(w);
            Assert.Equal(ActiveRegion.Secondary, end.ActiveRegion);
            Assert.DoesNotContain(end.Problems, p => p.Is(StatusRules.BothActive, StatusRules.ModeJobMismatch, StatusRules.PendingDemotion));
        }

        /// <summary>Which workspace, method and path a write step of a switch to <paramref name="target"/> sends, from the step list.</summary>
        private static async Task<(string Workspace, string Method, string Prefix)> Target(DrWorld w, string target, string step)
        {
            var s = SwitchSteps.Writes.Single(x => x.Id == step);
            var targetWs = target.ToLowerInvariant();
            var ws = s.Region == StepRegion.Target ? targetWs : targetWs == "primary" ? "secondary" : "primary";
            var id = (string)(await Pipeline(w, ws))["pipeline_id"]!;
            return (ws, s.Method, s.PathFor(id));
        }

        private static async Task Check(DrWorld w, string target, string step, string fault)
        {
            var (stepWs, method, prefix) = await Target(w, target, step);
            w.H[stepWs].Faults.Add(Rule(fault, method, prefix));

            var first = w.Run($"Set-DltDrActiveRegion -Pair sales -Region {target} -Token $token -Force -RegionTimeoutSec 3");
            var hit = w.H[stepWs].Faults.Rules.Count == 0; // the one-shot rule was taken (a hung call is logged only once dropped)
            w.H[stepWs].Faults.Clear();
            if (w.H[stepWs].IsDown) await w.H.Emulator.BringUpAsync(stepWs);

            var seen = Status(w);
            Assert.NotEqual(ActiveRegion.None, seen.ActiveRegion);
            // A switch that reports plain success (no error, no pending demotion, no follow-up) finished.
            var plain = first.Errors.Count == 0 && first.OutputOf<SwitchResult>().All(r => !r.PendingDemotion && r.FollowUps.Count == 0);
            if (plain)
            {
                Assert.Equal(target, seen.ActiveRegion.ToString());
                Assert.True(!seen.Problems.Any(p => p.Is(StatusRules.BothActive, StatusRules.ModeJobMismatch, StatusRules.PendingDemotion)),
                    $"the switch reported success after the {step} step met '{fault}', but status says: {string.Join(" ", seen.Problems.Select(p => p.Message))}");
            }
            if (seen.ActiveRegion == ActiveRegion.Both)
            {
                var pending = first.OutputOf<SwitchResult>().Any(r => r.PendingDemotion);
                var named = first.Errors.Any(e => e.FullyQualifiedErrorId.StartsWith("BothActive,", StringComparison.Ordinal) && e.Exception.Message.StartsWith("Both regions of pair 'sales' are running", StringComparison.Ordinal)
                    && e.Exception.Message.Contains($"Run Set-DltDrActiveRegion -Pair sales -Region {target.ToLowerInvariant()} again"));
                Assert.True(pending || named, $"both regions run after the {step} step met '{fault}', without a pending demotion or a BothActive error: {first.AllText()}");
            }

            var rerun = w.Run($"Set-DltDrActiveRegion -Pair sales -Region {target} -Token $token -Force -RegionTimeoutSec 3");
            Assert.True(rerun.Errors.Count == 0, $"the rerun after the {step} step met '{fault}' failed: {rerun.AllText()}");
            var end = Status(w);
            Assert.Equal(target, end.ActiveRegion.ToString());
            Assert.DoesNotContain(end.Problems, p => p.Is(StatusRules.BothActive, StatusRules.NoneActive, StatusRules.ModeJobMismatch, StatusRules.PendingDemotion));
            Assert.True(hit || step == "stop", $"the {fault} fault on the {step} step was never met"); // the stop is skipped when the update already ended
        }

        internal static FaultRule Rule(string fault, string method, string prefix)
        {
            var rule = new FaultRule { Method = method, PathPrefix = prefix, Remaining = 1 };
            switch (fault)
            {
                case "refused": rule.Kind = FaultKind.Down; break;
                case "hang": rule.Kind = FaultKind.Hang; break;
                case "reset": rule.Kind = FaultKind.Reset; break;
                case "applied-then-timeout": rule.Kind = FaultKind.AppliedThenTimeout; break;
                case "429": rule.Status = 429; rule.RetryAfterSeconds = 1; break;
                default: rule.Status = int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture); break;
            }
            return rule;
        }
    }
}
