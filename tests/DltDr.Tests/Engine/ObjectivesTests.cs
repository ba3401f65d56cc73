using System;
using System.IO;
using System.Linq;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>Recovery objectives in a pair's definition and its group's file: read, validated by field, merged.</summary>
    public sealed class ObjectivesTests : IDisposable
    {
        private readonly string _dir = TempFolder.Create("dltdr-objectives-");

        public void Dispose() => Directory.Delete(_dir, true);

        private static string Pair(string name = "sales", string extra = "") => $@"{{
  ""name"": ""{name}"",{extra}
  ""pipeline"": {{ ""name"": ""{name}-dlt"", ""catalog"": ""sales"", ""schema"": ""orders"" }},
  ""notebooks"": {{ ""source"": ""../notebooks/sales"", ""workspaceDirectory"": ""/Shared/dltdr/{name}"" }},
  ""regions"": {{ ""primary"": {{ ""host"": ""https://adb-1111.11.azuredatabricks.net"" }},
                ""secondary"": {{ ""host"": ""https://adb-2222.12.azuredatabricks.net"" }} }}
}}";

        private PairDefinition Read(string json) => PairDefinitionReader.FromJson(json, "the -Json text", _dir);

        [Fact]
        public void A_pair_states_its_recovery_time_and_standby_lag_objectives()
        {
            var pair = Read(Pair(extra: @" ""objectives"": { ""recoveryTime"": ""15m"", ""standbyLag"": ""1d2h"" },"));
            Assert.Equal(TimeSpan.FromMinutes(15), pair.Objectives.RecoveryTime);
            Assert.Equal(TimeSpan.FromHours(26), pair.Objectives.StandbyLag);
            Assert.Equal("the pair", pair.Objectives.RecoveryTimeFrom);
            Assert.Equal("1d 2h", Objectives.Describe(pair.Objectives.StandbyLag!.Value));
            Assert.False(Read(Pair()).Objectives.Any);
        }

        [Theory]
        [InlineData(@"""recoveryTime"": ""15 minutes""", "objectives.recoveryTime",
            "'15 minutes' is not a duration: use days, hours and minutes, such as \"15m\", \"4h\", \"1d\" or \"1h30m\".")]
        [InlineData(@"""standbyLag"": 15", "objectives.standbyLag",
            "'15' is not a duration: use days, hours and minutes, such as \"15m\", \"4h\", \"1d\" or \"1h30m\".")]
        [InlineData(@"""recoveryTime"": ""0m""", "objectives.recoveryTime",
            "'0m' is out of range: an objective is more than zero and at most 30 days.")]
        [InlineData(@"""standbyLag"": ""31d""", "objectives.standbyLag",
            "'31d' is out of range: an objective is more than zero and at most 30 days.")]
        [InlineData(@"""rpo"": ""1h""", "objectives.rpo", "Unknown field: an objective is one of recoveryTime, standbyLag.")]
        public void A_bad_objective_is_refused_naming_its_field_and_what_is_allowed(string field, string at, string message)
        {
            var problem = Assert.Single(Assert.Throws<PairDefinitionException>(()
                => Read(Pair(extra: $@" ""objectives"": {{ {field} }},"))).Problems);
            Assert.Equal(at, problem.Field);
            Assert.Equal(message, problem.Message);
        }

        [Fact]
        public void A_group_file_gives_its_pairs_the_objectives_they_do_not_set_and_is_no_pair()
        {
            File.WriteAllText(Path.Combine(_dir, "lake.group.json"),
                @"{ ""group"": ""lake"", ""objectives"": { ""recoveryTime"": ""30m"", ""standbyLag"": ""26h"" } }");
            File.WriteAllText(Path.Combine(_dir, "bronze.json"), Pair("bronze", @" ""group"": ""lake"","));
            File.WriteAllText(Path.Combine(_dir, "gold.json"),
                Pair("gold", @" ""group"": ""lake"", ""objectives"": { ""recoveryTime"": ""10m"" },"));
            var store = new PairStore(new[] { _dir });
            var found = store.Find("*");
            Assert.Equal(new[] { "bronze", "gold" }, found.Select(f => f.Name));
            var bronze = store.Read(found[0]);
            Assert.Equal(TimeSpan.FromMinutes(30), bronze.Objectives.RecoveryTime);
            Assert.Equal("group lake", bronze.Objectives.RecoveryTimeFrom);
            var gold = store.Read(found[1]);
            Assert.Equal(TimeSpan.FromMinutes(10), gold.Objectives.RecoveryTime);
            Assert.Equal("the pair", gold.Objectives.RecoveryTimeFrom);
            Assert.Equal(TimeSpan.FromHours(26), gold.Objectives.StandbyLag);
            Assert.Equal("group lake", gold.Objectives.StandbyLagFrom);
        }

        [Fact]
        public void A_group_file_with_a_bad_objective_or_another_name_is_refused_naming_the_file_and_field()
        {
            var file = Path.Combine(_dir, "lake.group.json");
            File.WriteAllText(file, @"{ ""group"": ""sea"", ""objectives"": { ""standbyLag"": ""a day"" } }");
            File.WriteAllText(Path.Combine(_dir, "bronze.json"), Pair("bronze", @" ""group"": ""lake"","));
            var store = new PairStore(new[] { _dir });
            var problems = Assert.Throws<PairDefinitionException>(() => store.Read(store.Find("bronze")[0])).Problems;
            Assert.All(problems, p => Assert.Equal(file, p.Source));
            Assert.Equal(new[] { "group", "objectives.standbyLag" }, problems.Select(p => p.Field));
            Assert.Equal("The group in lake.group.json must be named 'lake' (its file name), not 'sea'.", problems[0].Message);
        }
    }
}
