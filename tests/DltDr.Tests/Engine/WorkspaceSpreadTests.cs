using System.Linq;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// Pairs grouped by workspace (as names group them) are taken in turn from each workspace pair,
    /// so a bound on pairs in flight fills from every workspace at once (issue #36).
    /// </summary>
    public sealed class WorkspaceSpreadTests
    {
        private static PairDefinition Pair(string name, string primary, string secondary)
            => PairDefinitionReader.FromJson(Fixtures.PairJson(name, "strict", primary, secondary), name + ".json", Fixtures.Folder);

        [Fact]
        public void Pairs_are_taken_in_turn_from_each_workspace_pair_keeping_their_order_within_it()
        {
            var pairs = new[]
            {
                Pair("a1", "https://adb-1.1.azuredatabricks.net", "https://adb-2.2.azuredatabricks.net"),
                Pair("a2", "https://adb-1.1.azuredatabricks.net", "https://adb-2.2.azuredatabricks.net"),
                Pair("a3", "https://adb-1.1.azuredatabricks.net/", "https://ADB-2.2.azuredatabricks.net"), // the same workspaces
                Pair("b1", "https://adb-3.1.azuredatabricks.net", "https://adb-4.2.azuredatabricks.net"),
                Pair("c1", "https://adb-1.1.azuredatabricks.net", "https://adb-5.2.azuredatabricks.net"), // another secondary
                Pair("b2", "https://adb-3.1.azuredatabricks.net", "https://adb-4.2.azuredatabricks.net"),
            };
            Assert.Equal(new[] { "a1", "b1", "c1", "a2", "b2", "a3" }, WorkspaceSpread.Of(pairs).Select(p => p.Name));
        }

        [Fact]
        public void One_workspace_pair_keeps_the_order_given()
        {
            var pairs = new[] { "z", "a", "m" }.Select(n => Pair(n, "https://adb-1.1.azuredatabricks.net", "https://adb-2.2.azuredatabricks.net")).ToList();
            Assert.Equal(new[] { "z", "a", "m" }, WorkspaceSpread.Of(pairs).Select(p => p.Name));
            Assert.Empty(WorkspaceSpread.Of(System.Array.Empty<PairDefinition>()));
        }
    }
}
