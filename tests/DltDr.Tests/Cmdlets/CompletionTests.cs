using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Cmdlets
{
    /// <summary>Tab completion as the console asks for it: TabExpansion2 with the line typed so far.</summary>
    public sealed class CompletionTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("dltdr-complete-").FullName;
        private readonly PsSession _ps = new PsSession();

        public CompletionTests()
        {
            foreach (var name in new[] { "sales", "salesforce", "hr" }) File.WriteAllText(Path.Combine(_dir, name + ".json"), "{}");
            _ps.SetVariable("DltDrPairPath", _dir);
        }

        public void Dispose()
        {
            _ps.Dispose();
            Directory.Delete(_dir, true);
        }

        private string[] Complete(string line)
        {
            _ps.SetVariable("line", line);
            var r = _ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches");
            Assert.Empty(r.Errors);
            return r.Output.Select(o => ((CompletionResult)o.BaseObject).CompletionText).ToArray();
        }

        [Theory]
        [InlineData("Set-DltDrActiveRegion -Pair sa")]
        [InlineData("Set-DltDrActiveRegion sa")]
        [InlineData("Get-DltDrStatus -Pair sa")]
        [InlineData("Invoke-DltDrCatchUp sa")]
        [InlineData("Publish-DltDrPipeline -Pair sa")]
        [InlineData("Get-DltDrPair sa")]
        public void Pair_names_complete_from_the_pair_store(string line)
        {
            Assert.Equal(new[] { "sales", "salesforce" }, Complete(line));
        }

        [Fact]
        public void Every_pair_is_offered_for_an_empty_word_and_none_for_a_word_that_matches_nothing()
        {
            Assert.Equal(new[] { "hr", "sales", "salesforce" }, Complete("Get-DltDrStatus -Pair "));
            Assert.Empty(Complete("Get-DltDrStatus -Pair zz"));
        }

        [Fact]
        public void Regions_complete_by_name()
        {
            Assert.Equal(new[] { "Primary", "Secondary" }, Complete("Set-DltDrActiveRegion -Pair sales -Region "));
            Assert.Equal(new[] { "Secondary" }, Complete("Set-DltDrActiveRegion sales -Region s"));
            Assert.Equal(new[] { "Primary" }, Complete("Publish-DltDrPipeline sales -Region p"));
        }
    }
}
