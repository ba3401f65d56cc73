using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Module
{
    /// <summary>
    /// Get-Help as a user reads it, from the MAML the build makes out of docs/: every exported cmdlet
    /// documented in full, and the documented parameters exactly the real ones.
    /// </summary>
    public sealed class HelpTests : IDisposable
    {
        private static readonly HashSet<string> Common = new HashSet<string>(
            PSCmdlet.CommonParameters.Concat(PSCmdlet.OptionalCommonParameters.Where(p => p != "WhatIf" && p != "Confirm")),
            StringComparer.OrdinalIgnoreCase);

        private readonly PsSession _ps = new PsSession();

        public void Dispose() => _ps.Dispose();

        public static IEnumerable<object[]> Cmdlets() =>
            new[] { "Get-DltDrPair", "Get-DltDrStatus", "Invoke-DltDrCatchUp", "Publish-DltDrPipeline", "Set-DltDrActiveRegion" }.Select(c => new object[] { c });

        [Fact]
        public void Every_exported_cmdlet_has_a_help_page_under_test()
        {
            var exported = _ps.Run("(Get-Module DltDr).ExportedCmdlets.Keys").Output.Select(o => o.ToString()).OrderBy(x => x);
            Assert.Equal(Cmdlets().Select(c => (string)c[0]).OrderBy(x => x), exported);
        }

        private PSObject Help(string cmdlet)
        {
            var r = _ps.Run($"Get-Help {cmdlet} -Full");
            Assert.Empty(r.Errors);
            return Assert.Single(r.Output);
        }

        private static string Text(object? paras) =>
            string.Join("\n", LanguagePrimitives.GetEnumerable(paras)?.Cast<object>().Select(p => PSObject.AsPSObject(p).Properties["Text"]?.Value?.ToString() ?? p.ToString()) ?? new[] { paras?.ToString() ?? "" });

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Help_has_a_synopsis_a_description_and_at_least_two_examples(string cmdlet)
        {
            var help = Help(cmdlet);
            var synopsis = help.Properties["Synopsis"].Value?.ToString() ?? "";
            Assert.False(string.IsNullOrWhiteSpace(synopsis));
            Assert.DoesNotContain("[<CommonParameters>]", synopsis); // what PowerShell shows when there is no help file
            Assert.True(Text(help.Properties["description"].Value).Length > 200, $"{cmdlet}: description too short");

            var examples = LanguagePrimitives.GetEnumerable(((PSObject)help.Properties["examples"].Value).Properties["example"].Value).Cast<PSObject>().ToList();
            Assert.True(examples.Count >= 2, $"{cmdlet}: {examples.Count} examples");
            Assert.All(examples, e => Assert.Contains(cmdlet, e.Properties["code"].Value.ToString()));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Documented_parameters_are_the_real_ones_each_described_with_the_real_binding(string cmdlet)
        {
            var help = Help(cmdlet);
            var documented = LanguagePrimitives.GetEnumerable(((PSObject)help.Properties["parameters"].Value).Properties["parameter"].Value)
                .Cast<PSObject>().ToDictionary(p => p.Properties["name"].Value.ToString()!, StringComparer.OrdinalIgnoreCase);
            var command = (CmdletInfo)Assert.Single(_ps.Run($"Get-Command {cmdlet}").Output).BaseObject;
            var real = command.Parameters.Values.Where(p => !Common.Contains(p.Name)).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

            Assert.Equal(real.Keys.OrderBy(k => k), documented.Keys.OrderBy(k => k), StringComparer.OrdinalIgnoreCase);
            foreach (var (name, p) in real)
            {
                var doc = documented[name];
                Assert.True(Text(doc.Properties["description"].Value).Length > 10, $"{cmdlet} -{name}: no description");
                var sets = p.ParameterSets.Values.ToList();
                Assert.True(sets.All(s => s.IsMandatory) == bool.Parse(doc.Properties["required"].Value.ToString()!), $"{cmdlet} -{name}: Required");
                var position = sets.Select(s => s.Position).Max();
                Assert.True((position < 0 ? "named" : position.ToString()) == doc.Properties["position"].Value.ToString()!.ToLowerInvariant(), $"{cmdlet} -{name}: Position");
                var byValue = sets.Any(s => s.ValueFromPipeline);
                var byName = sets.Any(s => s.ValueFromPipelineByPropertyName);
                var pipeline = doc.Properties["pipelineInput"].Value.ToString()!;
                Assert.True(byValue == pipeline.Contains("ByValue") && byName == pipeline.Contains("ByPropertyName") && (byValue || byName) == pipeline.StartsWith("True", StringComparison.OrdinalIgnoreCase), $"{cmdlet} -{name}: pipeline input '{pipeline}'");
                var type = ((PSObject)doc.Properties["type"].Value).Properties["name"].Value.ToString();
                var realType = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
                Assert.True(realType.Name == type, $"{cmdlet} -{name}: type {type}, really {realType.Name}");
                Assert.True(p.Aliases.OrderBy(a => a).SequenceEqual(Aliases(doc)), $"{cmdlet} -{name}: aliases");
            }
        }

        private static IEnumerable<string> Aliases(PSObject doc)
        {
            var text = doc.Properties["aliases"]?.Value?.ToString() ?? "none";
            return text == "none" || text.Length == 0 ? Enumerable.Empty<string>() : text.Split(',').Select(a => a.Trim()).OrderBy(a => a);
        }

        [Fact]
        public void The_parameter_sets_in_the_syntax_are_the_real_ones()
        {
            var r = _ps.Run("(Get-Help Get-DltDrPair).syntax.syntaxItem | ForEach-Object { ($_.parameter | ForEach-Object { $_.name }) -join ',' }");
            Assert.Equal(new[] { "Name", "Path", "Json", "Definition" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void About_DltDr_explains_concepts_the_pair_file_authentication_and_the_failover_procedure()
        {
            var r = _ps.Run("Get-Help about_DltDr");
            Assert.Empty(r.Errors);
            var text = string.Join("\n", r.Output.Select(o => o.ToString()));
            foreach (var heading in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION", "PAIR DEFINITIONS", "AUTHENTICATION", "FAILOVER PROCEDURE" })
            {
                Assert.Contains(heading, text);
            }
            Assert.Contains("Set-DltDrActiveRegion sales -Region Secondary -Force", text);
        }
    }
}
