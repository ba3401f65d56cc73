using System;
using System.IO;
using System.Linq;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    public sealed class PairDefinitionTests : IDisposable
    {
        private readonly string _dir = TempFolder.Create("dltdr-pair-");

        public PairDefinitionTests()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "notebooks"));
            File.WriteAllText(Path.Combine(_dir, "notebooks", "bronze.py"), "import dlt\n");
            File.WriteAllText(Path.Combine(_dir, "notebooks", "silver.sql"), "CREATE OR REFRESH LIVE TABLE silver AS SELECT 1\n");
            File.WriteAllText(Path.Combine(_dir, "notebooks", "README.md"), "not a notebook");
        }

        public void Dispose() => Directory.Delete(_dir, true);

        private const string Valid = @"{
  // the sales pair
  ""$schema"": ""../schema/dltdr-pair.schema.json"",
  ""name"": ""sales"",
  ""pipeline"": { ""name"": ""sales-dlt"", ""target"": ""sales"", ""edition"": ""ADVANCED"", ""configuration"": { ""source"": ""/mnt/raw/sales"" } },
  ""notebooks"": { ""source"": ""notebooks"", ""workspaceDirectory"": ""/Shared/dltdr/sales/"" },
  ""regions"": {
    ""primary"":   { ""host"": ""https://adb-1111.11.azuredatabricks.net"", ""storage"": ""abfss://dlt@weu.dfs.core.windows.net/sales"", ""auth"": { ""type"": ""azure-msi"" } },
    ""secondary"": { ""host"": ""https://adb-2222.22.azuredatabricks.net"", ""storage"": ""abfss://dlt@neu.dfs.core.windows.net/sales"",
                     ""overrides"": { ""configuration"": { ""source"": ""/mnt/raw-neu/sales"" } }, ""auth"": { ""profile"": ""neu"" } }
  }
}";

        private PairDefinition Read(string json) => PairDefinitionReader.FromJson(json, "sales.json", _dir);

        private PairDefinitionException Invalid(string json) => Assert.Throws<PairDefinitionException>(() => Read(json));

        [Fact]
        public void A_valid_definition_reads_with_defaults_and_resolved_notebooks()
        {
            var pair = Read(Valid);
            Assert.Equal("sales", pair.Name);
            Assert.Equal("sales-dlt", pair.PipelineName);
            Assert.Equal("0 0 1 * * ?", pair.CatchUp.QuartzCron);
            Assert.Equal("UTC", pair.CatchUp.TimeZone);
            Assert.Equal("/Shared/dltdr/sales", pair.Notebooks.WorkspaceDirectory);
            Assert.Equal(new[] { ("/Shared/dltdr/sales/bronze", "PYTHON"), ("/Shared/dltdr/sales/silver", "SQL") }, pair.Notebooks.Load().Select(f => (f.WorkspacePath, f.Language!)));
            Assert.Equal("https://adb-1111.11.azuredatabricks.net/", pair.Primary.Host.ToString());
            Assert.Equal("azure-msi", pair.Primary.Auth.AuthType);
            Assert.Equal("neu", pair[Region.Secondary].Auth.Profile);
            Assert.Equal("/mnt/raw-neu/sales", (string?)pair.Secondary.Overrides["configuration"]!["source"]);
        }

        [Fact]
        public void A_folder_of_workspace_files_reads_whole_with_its_globs_and_files_as_libraries()
        {
            var tree = Path.Combine(_dir, "clicks");
            Directory.CreateDirectory(Path.Combine(tree, "transformations"));
            Directory.CreateDirectory(Path.Combine(tree, "explorations"));
            Directory.CreateDirectory(Path.Combine(tree, ".git"));
            File.WriteAllText(Path.Combine(tree, "transformations", "raw.py"), "from pyspark import pipelines as dp\n");
            File.WriteAllText(Path.Combine(tree, "transformations", "daily.sql"), "CREATE MATERIALIZED VIEW d AS SELECT 1\n");
            File.WriteAllText(Path.Combine(tree, "explorations", "look.py"), "# Databricks notebook source\ndisplay(1)\n");
            File.WriteAllText(Path.Combine(tree, "helpers.py"), "def f(): pass\n");
            File.WriteAllText(Path.Combine(tree, ".git", "HEAD"), "ref: refs/heads/main\n");
            File.WriteAllText(Path.Combine(tree, "dltdr-history.jsonl"), "{}\n");
            var pair = Read(Valid.Replace(@"""notebooks"": { ""source"": ""notebooks"",",
                @"""notebooks"": { ""source"": ""clicks"", ""include"": [""transformations/**"", ""helpers.py""],"));

            Assert.Equal(new[] { "transformations/**", "helpers.py" }, pair.Notebooks.Include);
            Assert.Null(pair.Notebooks.WorkspacePaths);
            Assert.Equal(@"[{""glob"":{""include"":""/Shared/dltdr/sales/transformations/**""}},{""file"":{""path"":""/Shared/dltdr/sales/helpers.py""}}]",
                pair.Notebooks.Libraries!.ToString(Newtonsoft.Json.Formatting.None));
            // Every file but hidden ones and the history file; a notebook's source goes back as the notebook, without its extension.
            Assert.Equal(new[]
            {
                ("/Shared/dltdr/sales/explorations/look", (string?)"PYTHON"),
                ("/Shared/dltdr/sales/helpers.py", null),
                ("/Shared/dltdr/sales/transformations/daily.sql", null),
                ("/Shared/dltdr/sales/transformations/raw.py", null),
            }, pair.Notebooks.Load().Select(f => (f.WorkspacePath, f.Language)).OrderBy(f => f.WorkspacePath, StringComparer.Ordinal));
        }

        [Fact]
        public void Include_entries_are_relative_plain_paths_and_exclude_a_list_of_notebooks()
        {
            var ex = Invalid(Valid.Replace(@"""notebooks"": { ""source"": ""notebooks"",",
                @"""notebooks"": { ""source"": ""notebooks"", ""files"": [""bronze.py""], ""include"": [""/abs/**"", ""a/../b.py"", ""x.py"", ""x.py""],"));
            Assert.Equal(new[]
            {
                "'/abs/**' must be a path relative to notebooks.workspaceDirectory, with '/' between folders and no '.', '..' or empty "
                    + "segment, such as transformations/** or utilities/helpers.py.",
                "'a/../b.py' must be a path relative to notebooks.workspaceDirectory, with '/' between folders and no '.', '..' or empty "
                    + "segment, such as transformations/** or utilities/helpers.py.",
                "'x.py' is named twice.",
                "Give either files (notebooks) or include (a folder of workspace files and the globs the pipeline runs), not both.",
            }, ex.Problems.Where(p => p.Field == "notebooks.include").Select(p => p.Message));
            Assert.Contains(Invalid(Valid.Replace(@"""notebooks"": { ""source"": ""notebooks"",",
                @"""notebooks"": { ""source"": ""notebooks"", ""include"": [],")).Problems,
                p => p.Field == "notebooks.include" && p.Message.StartsWith("Expected a non-empty array of paths", StringComparison.Ordinal));
        }

        [Fact]
        public void Listed_notebooks_may_be_below_the_folder_and_other_libraries_are_kept_as_written()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "notebooks", "silver"));
            File.WriteAllText(Path.Combine(_dir, "notebooks", "silver", "clean.sql"), "SELECT 1\n");
            var pair = Read(Valid.Replace(@"""notebooks"": { ""source"": ""notebooks"",",
                @"""notebooks"": { ""source"": ""notebooks"", ""files"": [""bronze.py"", ""silver/clean.sql""],
                   ""otherLibraries"": [{ ""jar"": ""/Volumes/libs/p.jar"" }, { ""maven"": { ""coordinates"": ""com.acme:parse:1.2"" } }],"));
            Assert.Equal(new[] { "/Shared/dltdr/sales/bronze", "/Shared/dltdr/sales/silver/clean" }, pair.Notebooks.WorkspacePaths);
            Assert.Equal(new[] { ("/Shared/dltdr/sales/silver/clean", "SQL") },
                pair.Notebooks.Load().Skip(1).Select(f => (f.WorkspacePath, f.Language!)));
            Assert.Equal(@"[{""notebook"":{""path"":""/Shared/dltdr/sales/bronze""}},{""notebook"":{""path"":""/Shared/dltdr/sales/silver/clean""}},"
                + @"{""jar"":""/Volumes/libs/p.jar""},{""maven"":{""coordinates"":""com.acme:parse:1.2""}}]",
                pair.Notebooks.Libraries!.ToString(Newtonsoft.Json.Formatting.None));

            var ex = Invalid(Valid.Replace(@"""notebooks"": { ""source"": ""notebooks"",",
                @"""notebooks"": { ""source"": ""notebooks"", ""otherLibraries"": [{ ""jar"": """" }, { ""egg"": ""x"" }, { ""maven"": { } }, ""x.jar""],"));
            Assert.Equal(new[] { "notebooks.otherLibraries[0]", "notebooks.otherLibraries[1]", "notebooks.otherLibraries[2]", "notebooks.otherLibraries[3]" },
                ex.Problems.Select(p => p.Field));
            Assert.All(ex.Problems, p => Assert.Equal(@"Expected an array of libraries, each {""jar"": path}, {""whl"": path} or "
                + @"{""maven"": {""coordinates"": ""group:artifact:version""}}.", p.Message));
        }

        [Fact]
        public void A_loopback_http_host_is_accepted_for_the_emulator()
        {
            var pair = Read(Valid.Replace("https://adb-1111.11.azuredatabricks.net", "http://127.0.0.1:8481"));
            Assert.Equal("http://127.0.0.1:8481/", pair.Primary.Host.ToString());
        }

        [Fact]
        public void Every_problem_is_reported_at_once_with_its_field()
        {
            var json = @"{
  ""name"": ""sales pair"",
  ""colour"": ""blue"",
  ""pipeline"": { ""target"": ""sales"", ""storage"": ""x"", ""continuous"": true, ""edition"": ""GOLD"", ""photon"": ""yes"" },
  ""notebooks"": { ""source"": ""notebooks"", ""files"": [""bronze.py"", ""gold.py"", ""README.md""], ""workspaceDirectory"": ""Shared/x"" },
  ""catchUp"": { ""schedule"": ""0 0 1 * *"", ""timezone"": ""Mars/Olympus"" },
  ""regions"": {
    ""primary"": { ""host"": ""http://adb-1111.11.azuredatabricks.net"", ""storage"": ""s"" },
    ""tertiary"": { }
  }
}";
            var ex = Invalid(json);
            var fields = ex.Problems.Select(p => p.Field).ToList();
            Assert.Equal(new[]
            {
                "colour", "name", "pipeline.storage", "pipeline.continuous", "pipeline.edition", "pipeline.photon", "pipeline.name",
                "notebooks.workspaceDirectory", "notebooks.files", "catchUp.schedule", "catchUp.timezone",
                "regions.tertiary", "regions.primary.host", "regions.secondary",
            }, fields);
            Assert.All(ex.Problems, p => Assert.Equal("sales.json", p.Source));
            Assert.Contains(ex.Problems, p => p.Field == "catchUp.schedule" && p.Message == "'0 0 1 * *' is not a valid Quartz cron expression: a Quartz expression has 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), not 5; for example '0 0 1 * * ?'.");
            Assert.Contains(ex.Problems, p => p.Field == "regions.primary.host" && p.Message.Contains("must use https"));
            Assert.Contains(ex.Problems, p => p.Field == "notebooks.files" && p.Message == "'README.md': notebooks are .py, .sql, .scala or .r files.");
            Assert.StartsWith("The pair definition has 14 problems:", ex.Message);
        }

        [Theory]
        [InlineData(@"""auth"": { ""type"": ""pat"", ""token"": ""x"" }", "regions.primary.auth.token")]
        [InlineData(@"""auth"": { ""clientSecret"": ""x"" }", "regions.primary.auth.clientSecret")]
        [InlineData(@"""overrides"": { ""configuration"": { ""key"": ""dapi0123456789abcdef0123456789abcdef"" } }", "regions.primary.overrides.configuration.key")]
        public void A_secret_in_a_definition_is_refused_with_where_to_put_it(string fragment, string field)
        {
            var json = Valid.Replace(@"""auth"": { ""type"": ""azure-msi"" }", fragment);
            var problem = Assert.Single(Invalid(json).Problems);
            Assert.Equal(field, problem.Field);
            Assert.Contains("never be in a pair definition", problem.Message);
            Assert.Contains("-Token", problem.Message);
            Assert.DoesNotContain("dapi0123456789abcdef", Invalid(json).Message);
        }

        [Fact]
        public void Missing_files_and_bad_json_say_where()
        {
            var missing = Assert.Throws<PairDefinitionException>(() => PairDefinitionReader.FromFile(Path.Combine(_dir, "nope.json")));
            Assert.Equal("The pair definition is not valid: " + Path.Combine(_dir, "nope.json") + ": (file): The pair definition file does not exist.", missing.Message);
            var bad = Invalid("{ \"name\": ");
            Assert.Equal("(json)", Assert.Single(bad.Problems).Field);
            var dup = Invalid("{ \"name\": \"a\", \"name\": \"b\" }");
            Assert.Contains("name", Assert.Single(dup.Problems).Message);
        }

        [Fact]
        public void Unity_Catalog_pipelines_take_no_storage_and_need_catalog_and_schema()
        {
            var uc = Valid.Replace(@"""target"": ""sales""", @"""catalog"": ""main"", ""schema"": ""sales""");
            var ex = Invalid(uc);
            Assert.Equal(new[] { "regions.primary.storage", "regions.secondary.storage" }, ex.Problems.Select(p => p.Field));
            var half = Valid.Replace(@"""target"": ""sales""", @"""catalog"": ""main""");
            Assert.Contains(Invalid(half).Problems, p => p.Field == "pipeline.schema");
        }

        [Theory]
        [InlineData("0 0 1 * * ?")]
        [InlineData("0 30 2 ? * MON-FRI")]
        [InlineData("0 0/15 * * * ?")]
        [InlineData("0 0 1 L * ?")]
        [InlineData("0 0 1 ? * 6#3")]
        [InlineData("0 0 1 ? JAN,JUL SUNL 2027")]
        public void Valid_quartz_expressions_pass(string cron) => Assert.Null(QuartzCron.Validate(cron));

        [Theory]
        [InlineData("0 0 1 * * *", "exactly one of day of month and day of week must be '?' (for example '0 0 1 * * ?')")]
        [InlineData("0 0 25 * * ?", "hours '25': '25' is not a value from 0 to 23")]
        [InlineData("0 61 1 * * ?", "minutes '61': '61' is not a value from 0 to 59")]
        [InlineData("0 0 1 ? FOO MON", "month 'FOO': 'FOO' is not a value from 1 to 12 or JAN-DEC")]
        [InlineData("? 0 1 * * ?", "seconds '?': '?' is allowed only in day of month and day of week")]
        [InlineData("0 0/0 1 * * ?", "minutes '0/0': the increment after '/' must be a number from 1 to 59")]
        public void Invalid_quartz_expressions_say_what_is_wrong(string cron, string error) => Assert.Equal(error, QuartzCron.Validate(cron));
    }
}
