using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// Each step decides from what the switch observed, not from where it stands in the list: with
    /// any two adjacent steps between the first read and the final one swapped, a failover and a
    /// failback still converge, or stop with a named error and leave no half state, and a rerun in
    /// the plan's order converges.
    /// </summary>
    public class StepOrderTests
    {
        /// <summary>The steps the plan lets move: all but the first read (what every step decides from) and the final one.</summary>
        private static readonly SwitchStep[] Movable = SwitchSteps.All.Where(s => s != SwitchSteps.Read && s != SwitchSteps.Verify).ToArray();

        public static IEnumerable<object[]> Swaps()
            => Enumerable.Range(0, Movable.Length - 1).Select(i => new object[] { Movable[i].Id, Movable[i + 1].Id });

        /// <summary>The plan's list with <paramref name="first"/> and the step after it swapped.</summary>
        private static IReadOnlyList<SwitchStep> Swapped(string first)
        {
            var steps = SwitchSteps.All.ToList();
            var i = steps.FindIndex(s => s.Id == first);
            (steps[i], steps[i + 1]) = (steps[i + 1], steps[i]);
            return steps;
        }

        [Theory]
        [MemberData(nameof(Swaps))]
        public async Task Two_adjacent_steps_swapped_still_converge_or_refuse_by_name(string first, string second)
        {
            await using var w = await Published();
            var order = Swapped(first);
            Assert.Equal(second, order[order.ToList().FindIndex(s => s.Id == first) - 1].Id);
            foreach (var target in new[] { Region.Secondary, Region.Primary })
            {
                var (result, refusal) = await SwitchAsync(w, target, order);
                var s = Status(w);
                var where = $"{first} and {second} swapped, to {target}: "
                    + (refusal != null ? $"{((IDrError)refusal).ErrorId}: {refusal.Message}" : string.Join("; ", result!.Steps.Select(r => r.Action)));
                // Never a half state: one region active, or both only while a demotion is pending and named.
                Assert.True(s.ActiveRegion != ActiveRegion.None, $"{where}: no region active");
                Assert.DoesNotContain(s.Problems, p => p.Is(StatusRules.NoneActive, StatusRules.ModeJobMismatch));
                if (refusal == null)
                {
                    Assert.Equal(target == Region.Secondary ? ActiveRegion.Secondary : ActiveRegion.Primary, s.ActiveRegion);
                    Assert.DoesNotContain(s.Problems, p => p.Is(StatusRules.BothActive, StatusRules.PendingDemotion));
                    continue;
                }
                // A refusal names itself, and the plan's own order then finishes the switch.
                Assert.False(string.IsNullOrEmpty(((IDrError)refusal).ErrorId), where);
                var (rerun, again) = await SwitchAsync(w, target, SwitchSteps.All);
                Assert.True(again == null, $"{where}; the rerun: {again?.Message}");
                var end = Status(w);
                Assert.Equal(target == Region.Secondary ? ActiveRegion.Secondary : ActiveRegion.Primary, end.ActiveRegion);
                Assert.DoesNotContain(end.Problems, p => p.Is(StatusRules.BothActive, StatusRules.PendingDemotion, StatusRules.ModeJobMismatch));
            }
        }

        private static System.Security.SecureString Token()
        {
            var token = new System.Security.SecureString();
            foreach (var c in EmulatorHarness.Token) token.AppendChar(c);
            return token;
        }

        /// <summary>One pair's switch at the engine, with the given step list; a refusal is answered, not thrown.</summary>
        private static async Task<(SwitchResult? Result, Exception? Refusal)> SwitchAsync(DrWorld w, Region target, IReadOnlyList<SwitchStep> steps)
        {
            var pair = PairDefinitionReader.FromFile(Path.Combine(w.Folder, "sales.json"));
            var options = new DrOptions { Clock = EngineClients.Clock(w.H), WrapHandler = w.H.WrapHandler, Token = Token() };
            using var session = new DrSession(options, new[] { pair });
            var switcher = new RegionSwitcher(pair, session, new SwitchOptions { Steps = steps }, null);
            try
            {
                return (await switcher.SwitchAsync(target, CancellationToken.None), null);
            }
            catch (Exception ex) when (ex is IDrError)
            {
                return (null, ex);
            }
            finally
            {
                // The switch ends on the virtual time's thread: the test goes on elsewhere, since it
                // next blocks on a PowerShell command that needs that thread.
                await Task.Yield();
            }
        }
    }
}
