using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Module
{
    /// <summary>Every PowerShell file in the repository parses with the engine's own parser.</summary>
    public class ScriptParseTests
    {
        private static readonly string[] Skipped = { "bin", "obj", "out", "node_modules", ".git", "TestResults", ".tools" };

        public static IEnumerable<object[]> ScriptFiles()
        {
            return Directory.EnumerateFiles(RepoPaths.Root, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase)
                         || f.EndsWith(".psm1", StringComparison.OrdinalIgnoreCase)
                         || f.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
                .Where(f => !Path.GetRelativePath(RepoPaths.Root, f).Split(Path.DirectorySeparatorChar).Any(p => Skipped.Contains(p)))
                .Select(f => new object[] { Path.GetRelativePath(RepoPaths.Root, f) });
        }

        [Theory]
        [MemberData(nameof(ScriptFiles))]
        public void Parses_without_errors(string relativePath)
        {
            Parser.ParseFile(Path.Combine(RepoPaths.Root, relativePath), out _, out var errors);
            Assert.True(errors.Length == 0, relativePath + ": " + string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));
        }

        /// <summary>The scripts users run in Windows PowerShell 5.1 (Azure Automation's default runtime): the examples and runbooks.</summary>
        public static IEnumerable<object[]> WindowsPowerShellScripts()
            => ScriptFiles().Select(f => (string)f[0]).Where(f => f.StartsWith("examples" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && f.EndsWith(".ps1", StringComparison.Ordinal)).Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(WindowsPowerShellScripts))]
        public void Examples_use_no_syntax_Windows_PowerShell_5_1_lacks(string relativePath)
        {
            var ast = Parser.ParseFile(Path.Combine(RepoPaths.Root, relativePath), out _, out _);
            var found = ast.FindAll(node => node switch
            {
                TernaryExpressionAst _ => true,
                PipelineChainAst _ => true,
                BinaryExpressionAst b => b.Operator == TokenKind.QuestionQuestion,
                AssignmentStatementAst a => a.Operator == TokenKind.QuestionQuestionEquals,
                MemberExpressionAst m => m.NullConditional,
                IndexExpressionAst i => i.NullConditional,
                PipelineAst p => p.Background,
                CommandParameterAst c => c.ParameterName.Equals("Parallel", StringComparison.OrdinalIgnoreCase),
                _ => false,
            }, searchNestedScriptBlocks: true).ToList();
            Assert.True(found.Count == 0, relativePath + ": " + string.Join("; ", found.Select(n => $"line {n.Extent.StartLineNumber}: {n.Extent.Text}")));
        }

        [Fact]
        public void The_repository_has_scripts_to_parse()
        {
            // Guards the theory above against silently finding nothing (e.g. a wrong root).
            Assert.Contains(ScriptFiles(), f => (string)f[0] == "DltDr.psd1");
        }
    }
}
