using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Cmdlets
{
    public sealed class GetDltDrPairTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("dltdr-store-").FullName;
        private readonly PsSession _ps = new PsSession();

        public GetDltDrPairTests()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "notebooks"));
            File.WriteAllText(Path.Combine(_dir, "notebooks", "bronze.py"), "import dlt\n");
            foreach (var name in new[] { "sales", "salesforce", "hr" }) File.WriteAllText(Path.Combine(_dir, name + ".json"), Pair(name));
            _ps.SetVariable("DltDrPairPath", _dir);
        }

        public void Dispose()
        {
            _ps.Dispose();
            Directory.Delete(_dir, true);
        }

        private static string Pair(string name) => $@"{{
  ""name"": ""{name}"",
  ""pipeline"": {{ ""name"": ""{name}-dlt"", ""target"": ""{name}"" }},
  ""notebooks"": {{ ""source"": ""notebooks"", ""workspaceDirectory"": ""/Shared/dltdr/{name}"" }},
  ""regions"": {{
    ""primary"": {{ ""host"": ""https://adb-1.1.azuredatabricks.net"", ""storage"": ""abfss://a@b.dfs.core.windows.net/{name}"" }},
    ""secondary"": {{ ""host"": ""https://adb-2.2.azuredatabricks.net"", ""storage"": ""abfss://a@c.dfs.core.windows.net/{name}"" }}
  }}
}}";

        [Fact]
        public void Gets_pairs_by_name_with_wildcards_from_the_store()
        {
            var r = _ps.Run("Get-DltDrPair -Name sales*");
            Assert.Empty(r.Errors);
            Assert.Equal(new[] { "sales", "salesforce" }, r.OutputOf<PairDefinition>().Select(p => p.Name));
            var all = _ps.Run("Get-DltDrPair");
            Assert.Equal(new[] { "hr", "sales", "salesforce" }, all.OutputOf<PairDefinition>().Select(p => p.Name));
            var piped = _ps.Run("'hr', 'sales' | Get-DltDrPair");
            Assert.Equal(new[] { "hr", "sales" }, piped.OutputOf<PairDefinition>().Select(p => p.Name));
        }

        [Fact]
        public void An_unknown_name_is_a_non_terminating_ObjectNotFound_error_and_the_rest_go_on()
        {
            var r = _ps.Run("Get-DltDrPair -Name finance, hr");
            Assert.Equal(new[] { "hr" }, r.OutputOf<PairDefinition>().Select(p => p.Name));
            var e = Assert.Single(r.Errors);
            Assert.Equal("PairNotFound,DltDr.Cmdlets.GetDltDrPairCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal("finance", e.TargetObject);
            Assert.StartsWith($"No pair named 'finance' was found in {_dir}.", e.Exception.Message);
            Assert.Empty(_ps.Run("Get-DltDrPair -Name fin*").Errors); // a wildcard that matches nothing is not an error
        }

        [Fact]
        public void An_invalid_definition_is_an_InvalidData_error_listing_every_problem()
        {
            var bad = Path.Combine(_dir, "bad.json");
            File.WriteAllText(bad, "{ \"name\": \"bad\", \"pipeline\": { \"target\": \"x\" }, \"regions\": {} }");
            var r = _ps.Run("param($p) Get-DltDrPair -Path $p", new Hashtable { ["p"] = bad });
            var e = Assert.Single(r.Errors);
            Assert.Equal("InvalidPairDefinition,DltDr.Cmdlets.GetDltDrPairCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            var problems = ((PairDefinitionException)e.Exception).Problems;
            Assert.Equal(new[] { "pipeline.name", "notebooks", "regions.primary", "regions.secondary" }, problems.Select(p => p.Field));
            Assert.Contains(bad + ": regions.secondary: Missing.", e.Exception.Message);
        }

        [Fact]
        public void A_file_named_for_another_pair_is_refused()
        {
            File.WriteAllText(Path.Combine(_dir, "finance.json"), Pair("sales"));
            var e = Assert.Single(_ps.Run("Get-DltDrPair finance").Errors);
            Assert.Contains("must be named 'finance' (its file name), not 'sales'", e.Exception.Message);
        }

        [Fact]
        public void Reads_from_paths_from_pipeline_objects_from_json_and_from_a_hashtable()
        {
            var byPath = _ps.Run("param($d) Get-DltDrPair -Path ($d + '/hr.json')", new Hashtable { ["d"] = _dir });
            Assert.Equal("hr", Assert.Single(byPath.OutputOf<PairDefinition>()).Name);

            var byProperty = _ps.Run("param($d) [pscustomobject]@{ FullName = ($d + '/sales.json') } | Get-DltDrPair", new Hashtable { ["d"] = _dir });
            Assert.Equal("sales", Assert.Single(byProperty.OutputOf<PairDefinition>()).Name);

            var byJson = _ps.Run("param($d, $j) $null = $ExecutionContext.SessionState.Path.SetLocation($d); Get-DltDrPair -Json $j", new Hashtable { ["d"] = _dir, ["j"] = Pair("fromjson") });
            Assert.Empty(byJson.Errors);
            Assert.Equal("fromjson", Assert.Single(byJson.OutputOf<PairDefinition>()).Name);

            var byHashtable = _ps.Run(@"param($d) $null = $ExecutionContext.SessionState.Path.SetLocation($d)
Get-DltDrPair -Definition @{
    name = 'runbook'
    pipeline = @{ name = 'runbook-dlt'; catalog = 'main'; schema = 'runbook'; photon = $true; tags = @{ team = 'data' } }
    notebooks = @{ source = 'notebooks'; files = @('bronze.py'); workspaceDirectory = '/Shared/dltdr/runbook' }
    catchUp = @{ schedule = '0 30 2 * * ?'; timezone = 'Europe/Amsterdam' }
    regions = @{
        primary = @{ host = 'https://adb-1.1.azuredatabricks.net'; auth = @{ type = 'azure-msi' } }
        secondary = @{ host = 'https://adb-2.2.azuredatabricks.net'; auth = @{ type = 'azure-msi'; azureClientId = 'uami-1' } }
    }
}", new Hashtable { ["d"] = _dir });
            Assert.Empty(byHashtable.Errors);
            var pair = Assert.Single(byHashtable.OutputOf<PairDefinition>());
            Assert.Equal("0 30 2 * * ?", pair.CatchUp.QuartzCron);
            Assert.True((bool)pair.Pipeline["photon"]!);
            Assert.Equal("uami-1", pair.Secondary.Auth.AzureClientId);
        }

        [Fact]
        public void A_missing_path_is_reported()
        {
            var e = Assert.Single(_ps.Run("Get-DltDrPair -Path ./does-not-exist.json").Errors);
            Assert.Equal("PairNotFound,DltDr.Cmdlets.GetDltDrPairCommand", e.FullyQualifiedErrorId);
        }
    }
}
