using System.IO;
using System.Linq;
using DltDr.Engine.Pairs;
using Xunit;

namespace DltDr.Tests.Engine
{
    public sealed class SwitchOrderTests
    {
        private static PairDefinition Pair(string name, params string[] dependsOn)
        {
            var deps = dependsOn.Length == 0 ? string.Empty : $@", ""dependsOn"": [{string.Join(", ", dependsOn.Select(d => $@"""{d}"""))}]";
            return PairDefinitionReader.FromJson($@"{{ ""name"": ""{name}"", ""group"": ""lake""{deps},
  ""pipeline"": {{ ""name"": ""{name}-dlt"", ""catalog"": ""c"", ""schema"": ""s"" }},
  ""notebooks"": {{ ""source"": ""nb"", ""workspaceDirectory"": ""/Shared/{name}"" }},
  ""regions"": {{ ""primary"": {{ ""host"": ""https://adb-1.1.azuredatabricks.net"" }}, ""secondary"": {{ ""host"": ""https://adb-2.2.azuredatabricks.net"" }} }} }}", name + ".json", Path.GetTempPath());
        }

        [Fact]
        public void Pairs_go_level_by_level_after_what_they_depend_on_keeping_the_given_order_within_a_level()
        {
            var order = SwitchOrder.Of(new[] { Pair("gold", "silver"), Pair("silver", "bronze"), Pair("solo"), Pair("bronze") }, _ => null);
            Assert.Equal(new[] { "solo,bronze", "silver", "gold" }, order.Levels.Select(l => string.Join(",", l.Select(p => p.Name))));
            Assert.True(order.HasDependents(order.Ordered.Single(p => p.Name == "bronze")));
            Assert.False(order.HasDependents(order.Ordered.Single(p => p.Name == "gold")));
        }

        [Fact]
        public void A_cycle_is_a_definition_error_naming_it()
        {
            var ex = Assert.Throws<PairDefinitionException>(() => SwitchOrder.Of(new[] { Pair("a", "c"), Pair("b", "a"), Pair("c", "b"), Pair("d") }, _ => null));
            var problem = Assert.Single(ex.Problems);
            Assert.Equal("dependsOn", problem.Field);
            Assert.Equal("The pairs depend on each other in a cycle: b -> c -> a -> b. A pair can only be made active after the pairs it reads from.", problem.Message);
        }

        [Fact]
        public void An_unknown_name_is_an_error_and_one_found_elsewhere_is_an_outside_upstream()
        {
            var ex = Assert.Throws<PairDefinitionException>(() => SwitchOrder.Of(new[] { Pair("silver", "bronze", "ghost") }, n => n == "bronze" ? Pair("bronze") : null));
            Assert.Equal("'ghost' is not a known pair: it is neither among the pairs given nor in the pair store.", Assert.Single(ex.Problems).Message);
            var order = SwitchOrder.Of(new[] { Pair("silver", "bronze") }, n => n == "bronze" ? Pair("bronze") : null);
            var silver = order.Ordered.Single();
            Assert.Equal("bronze", Assert.Single(order.UpstreamsOutside(silver)).Name);
            Assert.Empty(order.UpstreamsInSet(silver));
        }

        [Theory]
        [InlineData(@"""dependsOn"": ""bronze""", "Expected an array of pair names, such as [\"bronze\"].")]
        [InlineData(@"""dependsOn"": [""x""], ""name2"": 1", null)]
        [InlineData(@"""dependsOn"": [""sales""]", "A pair cannot depend on itself ('sales').")]
        [InlineData(@"""dependsOn"": [""a"", ""A""]", "'a' is named twice.")]
        [InlineData(@"""group"": ""two words""", "'two words' is not a valid group name: use 1 to 64 letters, digits, '.', '-' and '_', starting with a letter or digit.")]
        public void Group_and_dependsOn_are_checked_when_the_definition_is_read(string fragment, string? message)
        {
            var json = $@"{{ ""name"": ""sales"", {fragment},
  ""pipeline"": {{ ""name"": ""s-dlt"", ""catalog"": ""c"", ""schema"": ""s"" }},
  ""notebooks"": {{ ""source"": ""nb"", ""workspaceDirectory"": ""/Shared/s"" }},
  ""regions"": {{ ""primary"": {{ ""host"": ""https://adb-1.1.azuredatabricks.net"" }}, ""secondary"": {{ ""host"": ""https://adb-2.2.azuredatabricks.net"" }} }} }}";
            var ex = Assert.Throws<PairDefinitionException>(() => PairDefinitionReader.FromJson(json, "sales.json", Path.GetTempPath()));
            if (message != null) Assert.Equal(message, Assert.Single(ex.Problems).Message);
            else Assert.Equal("name2", Assert.Single(ex.Problems).Field);
        }
    }
}
