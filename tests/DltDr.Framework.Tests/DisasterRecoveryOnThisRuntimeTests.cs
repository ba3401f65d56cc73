using System;
using System.IO;
using System.Linq;
using System.Threading;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Publishing;
using DltDr.Engine.Sessions;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Framework.Tests
{
    /// <summary>
    /// The engine's whole round on this runtime, as a runbook in Windows PowerShell 5.1 drives it:
    /// read the pair, publish both regions, status, a planned switch to the secondary and back,
    /// status after each; and the pair files of examples/ read, time zones by IANA and Windows id.
    /// </summary>
    public sealed class DisasterRecoveryOnThisRuntimeTests : IClassFixture<EmulatorFixture>, IDisposable
    {
        private readonly EmulatorProcess _emulator;
        private readonly string _folder = TempFolder.Create("dltdr-framework-");

        public DisasterRecoveryOnThisRuntimeTests(EmulatorFixture fixture) => _emulator = fixture.Emulator;

        public void Dispose() => Directory.Delete(_folder, true);

        private static DrSession Session(PairDefinition pair)
            => new DrSession(new DrOptions { Token = Token(), RegionTimeout = TimeSpan.FromSeconds(30) }, new[] { pair });

        private static System.Security.SecureString Token()
        {
            var token = new System.Security.SecureString();
            foreach (var c in "dapi-framework-lane") token.AppendChar(c);
            token.MakeReadOnly();
            return token;
        }

        private static PairStatus Status(PairDefinition pair)
        {
            using var session = Session(pair);
            return new StatusReader(pair, session, new StatusOptions()).ReadAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        private static SwitchResult Switch(PairDefinition pair, Region target)
        {
            using var session = Session(pair);
            var command = new SwitchCommand(session, target, new SwitchOptions { WaitTimeout = TimeSpan.FromMinutes(2) });
            var output = new CollectedOutput();
            command.RunAsync(SwitchCommand.Order(new[] { pair }, _ => null), new[] { pair }, output, CancellationToken.None).GetAwaiter().GetResult();
            Assert.True(output.Errors.IsEmpty, output.Said);
            return Assert.Single(output.Of<SwitchResult>());
        }

        [Fact]
        public void Publish_status_and_a_planned_switch_there_and_back()
        {
            var pair = TestPairs.Pair(_emulator, _folder, "orders");
            using (var session = Session(pair))
            {
                var publish = new PublishCommand(session, null, adopt: false);
                var output = new CollectedOutput();
                var plans = publish.PlanAsync(new[] { pair }, output, CancellationToken.None).GetAwaiter().GetResult();
                publish.ApplyAsync(plans, plans.ToList(), output, CancellationToken.None).GetAwaiter().GetResult();
                Assert.True(output.Errors.IsEmpty, output.Said);
                Assert.Equal(2, output.Of<PublishResult>().Count());
            }
            var first = Status(pair);
            Assert.Equal(ActiveRegion.Primary, first.ActiveRegion);

            var there = Switch(pair, Region.Secondary);
            Assert.Equal(Region.Secondary, there.ActiveRegion);
            Assert.Equal(ActiveRegion.Secondary, Status(pair).ActiveRegion);

            var back = Switch(pair, Region.Primary);
            Assert.Equal(Region.Primary, back.ActiveRegion);
            var last = Status(pair);
            Assert.Equal(ActiveRegion.Primary, last.ActiveRegion);
            Assert.DoesNotContain(last.Problems, p => p.Kind.Severity == ProblemSeverity.Error);
        }

        [Theory]
        [InlineData("Europe/Amsterdam", "Europe/Amsterdam")]
        [InlineData("W. Europe Standard Time", "Europe/Berlin")]
        [InlineData("Pacific Standard Time", "America/Los_Angeles")]
        [InlineData("UTC", "UTC")]
        public void A_catch_up_time_zone_is_read_by_IANA_or_Windows_id_and_given_to_Databricks_as_IANA(string given, string iana)
        {
            var schedule = new CatchUpSchedule("0 0 1 * * ?", given);
            Assert.Equal(iana, schedule.TimeZone);
        }

        [Fact]
        public void The_example_pair_files_read_as_on_every_runtime()
        {
            var sales = PairDefinitionReader.FromFile(Repository.File("examples/pairs/sales.json"));
            var hr = PairDefinitionReader.FromFile(Repository.File("examples/pairs/hr.json"));
            Assert.Equal("sales", sales.Name);
            Assert.Equal("hr", hr.Name);
            Assert.Equal("Europe/Amsterdam", sales.CatchUp.TimeZone);
        }
    }
}
