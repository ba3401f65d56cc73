using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator.Model;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Xunit;
using static DltDr.Tests.Infrastructure.DrSteps;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>
    /// Two operators switch one pair to opposite regions at once, the second starting after a random
    /// number of the first one's requests (seeded: round N always meets the same offset). Every round
    /// must end, with no rerun, with exactly one region active, the standby's catch-up scheduled and
    /// the active one's paused, and each command's answer true.
    /// </summary>
    public sealed class OperatorRaceTests
    {
        private const int Rounds = 50;

        private sealed class Operator
        {
            private int _sent;

            public Operator(string name, string region)
            {
                Name = name;
                Region = region;
            }

            public string Name { get; }
            public string Region { get; }
            public PsSession Ps { get; set; } = null!;

            /// <summary>Runs when this operator's request number <see cref="StartAfter"/> goes out.</summary>
            public Action? AtOffset { get; set; }

            public int StartAfter { get; set; }

            public void Sending()
            {
                if (Interlocked.Increment(ref _sent) == StartAfter) Interlocked.Exchange(ref _atOffset, null)?.Invoke();
            }

            public void Arm(int after, Action start)
            {
                Interlocked.Exchange(ref _sent, 0);
                StartAfter = after;
                _atOffset = start;
            }

            private Action? _atOffset;

            public PsResult Switch() => Ps.Run($"Set-DltDrActiveRegion sales {Region} -Token $token -Confirm:$false", null,
                TimeSpan.FromMinutes(3));
        }

        [Fact]
        public async Task Opposite_switches_at_random_offsets_end_with_one_region_active_the_standby_scheduled_and_every_answer_true()
        {
            await using var w = await Published();
            var a = new Operator("a", "Secondary");
            var b = new Operator("b", "Primary");
            a.Ps = w.NewOperator("a", a.Sending);
            b.Ps = w.NewOperator("b", b.Sending);
            try
            {
                var outcomes = new List<string>();
                for (var round = 0; round < Rounds; round++)
                {
                    var random = new Random(round);
                    // Who starts first, and after how many of its requests the other starts.
                    var (first, second) = random.Next(2) == 0 ? (a, b) : (b, a);
                    var offset = random.Next(1, 16);
                    var from = (Primary: w.H["primary"].Requests.LastSequence, Secondary: w.H["secondary"].Requests.LastSequence);
                    var secondRun = new Lazy<Task<PsResult>>(() => Task.Run(second.Switch), LazyThreadSafetyMode.ExecutionAndPublication);
                    first.Arm(offset, () => _ = secondRun.Value);
                    second.Arm(int.MaxValue, () => { });
                    var firstResult = await Task.Run(first.Switch);
                    // A first command that sent fewer requests than the offset starts the second after it.
                    var secondResult = await secondRun.Value;
                    var results = new Dictionary<Operator, PsResult> { [first] = firstResult, [second] = secondResult };

                    var where = $"round {round} ({first.Name} first, {second.Name} after {offset} of its requests)";
                    var s = Status(w);
                    Assert.True(s.ActiveRegion == ActiveRegion.Primary || s.ActiveRegion == ActiveRegion.Secondary,
                        $"{where}: the pair ended {s.ActiveRegion}: {Say(results)}");
                    Assert.True(!s.Problems.Any(p => p.Is(StatusRules.BothActive, StatusRules.NoneActive, StatusRules.ModeJobMismatch,
                        StatusRules.PendingDemotion)), $"{where}: {string.Join(" ", s.Problems.Select(p => p.Message))}: {Say(results)}");
                    var active = s.ActiveRegion == ActiveRegion.Primary ? s.Primary : s.Secondary;
                    var standby = s.ActiveRegion == ActiveRegion.Primary ? s.Secondary : s.Primary;
                    Assert.True(active.CatchUpPaused == true && standby.CatchUpPaused == false,
                        $"{where}: active catch-up paused {active.CatchUpPaused}, standby's {standby.CatchUpPaused}: {Say(results)}");

                    foreach (var (op, r) in results)
                    {
                        var other = op == a ? b : a;
                        AssertTrue(w, where, op, other, r, s.ActiveRegion, from);
                    }
                    outcomes.Add(string.Join("/", results.OrderBy(x => x.Key.Name).Select(x => x.Value.Errors.Count == 0
                        ? (x.Value.OutputOf<SwitchResult>().Single().Changed ? "switched" : "unchanged") : "lost")));
                    if (s.ActiveRegion != ActiveRegion.Primary) Switch(w, "Primary"); // the next round starts from the primary
                }
                // The offsets do make the commands meet: rounds where one lost, not only sequential runs.
                Assert.Contains(outcomes, o => o.Contains("lost", StringComparison.Ordinal));
            }
            finally
            {
                a.Ps.Dispose();
                b.Ps.Dispose();
            }
        }

        /// <summary>
        /// An answer is true: a lost race is ConcurrentChange, says the region that stays active when it
        /// says one, and says it changed nothing only when it wrote nothing; a success claims a region
        /// whose other side the other operator had not promoted before this command's last read of it.
        /// </summary>
        private static void AssertTrue(DrWorld w, string where, Operator op, Operator other, PsResult r, ActiveRegion final,
            (long Primary, long Secondary) from)
        {
            Assert.True(r.TerminatingError == null && !r.TimedOut, $"{where}: {op.Name}: {r.AllText()}");
            foreach (var e in r.Errors)
            {
                Assert.Equal("ConcurrentChange,DltDr.Cmdlets.SetDltDrActiveRegionCommand", e.FullyQualifiedErrorId);
                var message = e.Exception.Message;
                foreach (var region in new[] { "primary", "secondary" })
                {
                    if (message.Contains($"; {region} stays active.", StringComparison.Ordinal))
                    {
                        Assert.True(final.ToString().Equals(region, StringComparison.OrdinalIgnoreCase),
                            $"{where}: {op.Name} said {region} stays active, but the pair ended {final}: {message}");
                    }
                }
                if (message.Contains("This command changed nothing", StringComparison.Ordinal))
                {
                    Assert.True(!Writes(w, op, from).Any(), $"{where}: {op.Name} said it changed nothing, but wrote "
                        + string.Join(", ", Writes(w, op, from).Select(x => x.Method + " " + x.Path)) + ": " + r.AllText());
                }
                Assert.DoesNotContain("This command left", message);
            }
            foreach (var ok in r.OutputOf<SwitchResult>())
            {
                // The region it says is active was so when it last read the other side: the other
                // operator's promotion there came after that read, or a demotion (its own, or the
                // other's put-back) came between them.
                var claimed = ok.ActiveRegion == Region.Primary ? "secondary" : "primary";
                var log = w.H[claimed].Requests.Since(claimed == "primary" ? from.Primary : from.Secondary);
                var lastRead = log.Where(x => x.Method == "GET" && Is(x, op) && x.Path.StartsWith("/api/2.0/pipelines/", StringComparison.Ordinal))
                    .Select(x => x.Handled).Max();
                var promotion = log.Where(x => Edit(x, other, continuous: true) && x.Handled < lastRead).Select(x => x.Handled).Min();
                if (promotion == null) continue;
                var lastEdit = log.Where(x => (Edit(x, true) || Edit(x, false)) && x.Handled < lastRead).OrderBy(x => x.Handled).Last();
                Assert.True(Edit(lastEdit, false),
                    $"{where}: {op.Name} said {ok.ActiveRegion} is active, but {other.Name}'s promotion of {claimed} (applied #{promotion}) "
                        + $"came before its last read there (#{lastRead}), and no demotion after it");
            }
        }

        /// <summary>A pipeline edit the workspace applied, setting continuous as given, by anyone.</summary>
        private static bool Edit(RequestLogEntry e, bool continuous) => e.Method == "PUT" && e.Status == 200 && e.Body != null
            && e.Body.Contains("\"continuous\":" + (continuous ? "true" : "false"), StringComparison.Ordinal);

        /// <summary>A pipeline edit by the operator that the workspace applied, setting continuous as given.</summary>
        private static bool Edit(RequestLogEntry e, Operator op, bool continuous) => Is(e, op) && Edit(e, continuous);

        private static bool Is(RequestLogEntry e, Operator op) => e.UserAgent?.EndsWith("operator/" + op.Name, StringComparison.Ordinal) == true;

        /// <summary>The operator's writes to pipelines and jobs this round (its history records aside).</summary>
        private static IEnumerable<RequestLogEntry> Writes(DrWorld w, Operator op, (long Primary, long Secondary) from)
            => w.H["primary"].Requests.Since(from.Primary).Concat(w.H["secondary"].Requests.Since(from.Secondary))
                .Where(x => x.IsWrite && Is(x, op) && !x.Path.StartsWith("/api/2.0/workspace/", StringComparison.Ordinal));

        private static string Say(Dictionary<Operator, PsResult> results)
            => string.Join(" | ", results.Select(x => $"{x.Key.Name} -> {x.Key.Region}: {x.Value.AllText()}"));
    }
}
