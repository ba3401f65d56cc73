using System.Linq;
using System.Reflection;
using DltDr.Engine.Status;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>The problem table is whole: every code has an entry, and every entry fails a readiness check that exists.</summary>
    public class StatusRulesTests
    {
        private static string[] Constants(System.Type t)
            => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        [Fact]
        public void Every_problem_code_has_one_entry_in_the_table()
        {
            var codes = Constants(typeof(StatusProblemCodes));
            Assert.Equal(codes.OrderBy(c => c), StatusRules.All.Select(k => k.Code).OrderBy(c => c));
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
