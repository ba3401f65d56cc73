using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Module
{
    /// <summary>tests/Pester cannot run here (no pwsh, no Pester); at least it parses and covers every command.</summary>
    public class PesterSuiteTests
    {
        [Fact]
        public void The_Pester_suite_parses_and_has_a_Describe_for_each_of_the_four_commands()
        {
            var file = Path.Combine(RepoPaths.Root, "tests", "Pester", "DltDr.Tests.ps1");
            var ast = Parser.ParseFile(file, out _, out var errors);
            Assert.Empty(errors);
            var described = ast.FindAll(n => n is CommandAst c && c.GetCommandName() == "Describe", true)
                .Cast<CommandAst>()
                .Select(c => ((StringConstantExpressionAst)c.CommandElements[1]).Value)
                .ToList();
            Assert.Equal(new[] { "Publish-DltDrPipeline", "Get-DltDrStatus", "Invoke-DltDrCatchUp", "Set-DltDrActiveRegion" }, described);
            var its = ast.FindAll(n => n is CommandAst c && c.GetCommandName() == "It", true).Count();
            Assert.True(its >= 12, $"{its} It blocks");
        }
    }
}
