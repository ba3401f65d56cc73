using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Module
{
    public class ManifestTests
    {
        [Fact]
        public void Built_manifest_passes_Test_ModuleManifest()
        {
            using var ps = new PsSession(importModule: false);
            var r = ps.Run("param($p) Test-ModuleManifest -Path $p -ErrorAction Stop", new Hashtable { ["p"] = RepoPaths.BuiltManifest });
            Assert.Null(r.TerminatingError);
            Assert.Empty(r.Errors);
            var info = Assert.IsType<PSModuleInfo>(Assert.Single(r.Output).BaseObject);
            Assert.Equal("DltDr", info.Name);
            Assert.Contains("Desktop", info.CompatiblePSEditions);
            Assert.Contains("Core", info.CompatiblePSEditions);
            Assert.Equal("5.1", info.PowerShellVersion.ToString());
        }

        [Fact]
        public void Module_imports_and_its_version_is_the_assemblies_version()
        {
            using var ps = new PsSession();
            var r = ps.Run("Get-Module DltDr");
            var info = Assert.IsType<PSModuleInfo>(Assert.Single(r.Output).BaseObject);
            var asm = System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(RepoPaths.ModuleDir, "DltDr.Cmdlets.dll"));
            Assert.Equal(info.Version.ToString(3), asm.Version!.ToString(3));
        }

        [Fact]
        public void Manifest_exports_are_explicit_lists_without_wildcards()
        {
            var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "DltDr.psd1"));
            var ast = System.Management.Automation.Language.Parser.ParseInput(text, out _, out var errors);
            Assert.Empty(errors);
            var data = (Hashtable)ast.EndBlock.Statements[0].Find(a => a is System.Management.Automation.Language.HashtableAst, false)!.SafeGetValue();
            foreach (var key in new[] { "CmdletsToExport", "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
            {
                Assert.True(data.ContainsKey(key), key + " must be present");
                var values = ((object[])data[key]!).Cast<string>().ToArray();
                Assert.DoesNotContain(values, v => v.Contains('*'));
            }
            Assert.Empty((object[])data["FunctionsToExport"]!);
            Assert.Empty((object[])data["AliasesToExport"]!);
            Assert.Empty((object[])data["VariablesToExport"]!);
        }
    }
}
