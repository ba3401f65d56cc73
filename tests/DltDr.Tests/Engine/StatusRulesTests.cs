using System.Linq;
using System.Reflection;
using DltDr.Engine.Status;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>The problem table is whole: every kind is in it once, and every entry fails a readiness check that exists.</summary>
    public class StatusRulesTests
    {
        private static string[] Constants(System.Type t)
            => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        [Fact]
        public void Every_problem_kind_is_in_the_table_once_and_named_by_its_code()
        {
            var kinds = typeof(StatusRules).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(ProblemKind)).ToList();
            Assert.Equal(kinds.Count, StatusRules.All.Count);
            Assert.All(kinds, f => Assert.Equal(f.Name, ((ProblemKind)f.GetValue(null)!).Code));
            Assert.Equal(StatusRules.All.Count, StatusRules.All.Select(k => k.Code).Distinct().Count());
        }

        [Fact]
        public void Every_entry_fails_a_readiness_check_that_Test_DltDrFailover_makes_and_says_what_it_means_and_what_fixes_it()
        {
            var checks = Constants(typeof(ReadinessCheckNames));
            Assert.All(StatusRules.All, k =>
            {
                Assert.Contains(k.FailsCheck, checks);
                Assert.False(string.IsNullOrWhiteSpace(k.Help), k.Code + " has no help line");
                Assert.False(string.IsNullOrWhiteSpace(k.Action), k.Code + " has no recommended action");
            });
        }
    }
}
