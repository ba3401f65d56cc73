using System.Linq;
using DltDr.Emulator.Limits;
using DltDr.Engine.Databricks;
using Xunit;

namespace DltDr.Tests.Architecture
{
    /// <summary>
    /// The module paces calls under the limits Databricks documents, and the emulator enforces them:
    /// two tables of the same figures, which must not drift apart.
    /// </summary>
    public class LimitTablesTests
    {
        [Fact]
        public void The_engine_paces_under_the_very_limits_the_emulator_enforces()
        {
            var engine = RateLimits.Documented.Select(l => $"{l.Name} {l.Method.Method} {l.Path} {l.Prefix} {l.PerSecond:0.####}").OrderBy(x => x);
            var emulator = DocumentedRateLimits.All.Select(l => $"{l.Name} {l.Method} {l.Path} {l.Prefix} {l.PerSecond:0.####}").OrderBy(x => x);
            Assert.Equal(emulator, engine);
        }
    }
}
