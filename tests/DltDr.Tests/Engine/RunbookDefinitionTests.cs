using System;
using System.IO;
using System.Linq;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// Definitions as a runbook worker meets them: no notebooks folder, time zones of either kind,
    /// and the definitions that must be refused before anything is written.
    /// </summary>
    public sealed class RunbookDefinitionTests : IDisposable
    {
        private readonly string _dir = TempFolder.Create("dltdr-runbook-");

        public void Dispose() => Directory.Delete(_dir, true);

        private static string Pair(string notebooks = @"""source"": ""../notebooks/sales"", ""workspaceDirectory"": ""/Shared/dltdr/sales""",
            string primary = "https://adb-1111.11.azuredatabricks.net", string secondary = "https://adb-2222.12.azuredatabricks.net",
            string timezone = "Europe/Amsterdam", string extraPipeline = "") => $@"{{
  ""name"": ""sales"",
  ""pipeline"": {{ ""name"": ""sales-dlt"", ""catalog"": ""sales"", ""schema"": ""orders""{extraPipeline} }},
  ""notebooks"": {{ {notebooks} }},
  ""catchUp"": {{ ""schedule"": ""0 0 1 * * ?"", ""timezone"": ""{timezone}"" }},
  ""regions"": {{ ""primary"": {{ ""host"": ""{primary}"" }}, ""secondary"": {{ ""host"": ""{secondary}"" }} }}
}}";

        private PairDefinition Read(string json) => PairDefinitionReader.FromJson(json, "the -Json text", _dir, $"the current PowerShell location {_dir}");

        private PairProblem Refused(string json) => Assert.Single(Assert.Throws<PairDefinitionException>(() => Read(json)).Problems);

        [Fact]
        public void Without_its_notebooks_folder_a_pair_loads_and_only_publishing_is_refused_naming_the_folder_and_its_base()
        {
            var pair = Read(Pair());
            var folder = Path.GetFullPath(Path.Combine(_dir, "../notebooks/sales"));
            Assert.Equal(folder, pair.Notebooks.SourceFolder);
            Assert.False(pair.Notebooks.Available);
            Assert.Null(pair.Notebooks.WorkspacePaths);

            var problem = Assert.Single(Assert.Throws<PairDefinitionException>(() => pair.Notebooks.Load()).Problems);
            Assert.Equal("notebooks.source", problem.Field);
            Assert.Equal($"The notebooks folder {folder} does not exist on this machine ('../notebooks/sales' resolved against the current PowerShell location {_dir}). Publishing needs it: run from a copy of the pair's repository, or give notebooks.source as an absolute path.", problem.Message);
        }

        [Fact]
        public void Listed_files_give_the_notebook_paths_without_the_folder()
        {
            var pair = Read(Pair(@"""source"": ""nb"", ""files"": [""bronze.py"", ""silver.sql""], ""workspaceDirectory"": ""/Shared/dltdr/sales"""));
            Assert.Equal(new[] { "/Shared/dltdr/sales/bronze", "/Shared/dltdr/sales/silver" }, pair.Notebooks.WorkspacePaths);
        }

        [Fact]
        public void A_notebook_over_the_import_limit_is_refused_when_publishing_plans()
        {
            var nb = Directory.CreateDirectory(Path.Combine(_dir, "nb")).FullName;
            File.WriteAllText(Path.Combine(nb, "bronze.py"), "import dlt\n");
            using (var big = File.Create(Path.Combine(nb, "huge.py"))) big.SetLength(PairDefinitionReader.MaxNotebookBytes + 1);
            var pair = Read(Pair(@"""source"": ""nb"", ""workspaceDirectory"": ""/Shared/dltdr/sales"""));
            Assert.Equal(new[] { "/Shared/dltdr/sales/bronze", "/Shared/dltdr/sales/huge" }, pair.Notebooks.WorkspacePaths);
            var problem = Assert.Single(Assert.Throws<PairDefinitionException>(() => pair.Notebooks.Load()).Problems);
            Assert.Equal("notebooks.files", problem.Field);
            Assert.Equal($"'huge.py' is {PairDefinitionReader.MaxNotebookBytes + 1} bytes, more than the {PairDefinitionReader.MaxNotebookBytes} bytes the service imports.", problem.Message);
        }

        [Theory]
        [InlineData("Europe/Amsterdam", "Europe/Amsterdam")]
        [InlineData("europe/amsterdam", "Europe/Amsterdam")]
        [InlineData("W. Europe Standard Time", "Europe/Berlin")]
        [InlineData("Eastern Standard Time", "America/New_York")]
        [InlineData("Etc/UTC", "UTC")]
        public void Iana_and_windows_time_zones_are_accepted_and_databricks_gets_the_iana_id(string given, string iana)
        {
            var pair = Read(Pair(timezone: given));
            Assert.Equal(iana, pair.CatchUp.TimeZone);
            // 01:00 on 1 July in the zone, whichever runtime's table knows the name.
            var july = new DateTime(2026, 7, 1, 1, 0, 0, DateTimeKind.Unspecified);
            Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(july, TimeZoneConverter.TZConvert.GetTimeZoneInfo(iana)), TimeZoneInfo.ConvertTimeToUtc(july, pair.CatchUp.Zone));
        }

        [Fact]
        public void An_unknown_time_zone_names_both_kinds_of_name()
        {
            var problem = Refused(Pair(timezone: "Mars/Olympus"));
            Assert.Equal("catchUp.timezone", problem.Field);
            Assert.Equal("'Mars/Olympus' is not a known time zone: use an IANA name such as UTC or Europe/Amsterdam, or a Windows name such as W. Europe Standard Time.", problem.Message);
        }

        [Theory]
        [InlineData("/Shared/../../Users/victim", "'/Shared/../../Users/victim' must not contain '.' or '..' segments: give the folder itself, such as /Shared/dltdr/sales.")]
        [InlineData("/Shared/./dltdr", "'/Shared/./dltdr' must not contain '.' or '..' segments: give the folder itself, such as /Shared/dltdr/sales.")]
        [InlineData("Shared/dltdr", "'Shared/dltdr' must be an absolute workspace path such as /Shared/dltdr/sales.")]
        [InlineData("/Shared//dltdr", "'/Shared//dltdr' must not contain an empty segment ('//').")]
        public void A_workspace_directory_that_leaves_its_folder_or_is_relative_is_refused(string directory, string message)
        {
            var problem = Refused(Pair($@"""source"": ""nb"", ""workspaceDirectory"": ""{directory}"""));
            Assert.Equal("notebooks.workspaceDirectory", problem.Field);
            Assert.Equal(message, problem.Message);
        }

        [Fact]
        public void A_root_path_with_dot_dot_and_a_file_name_with_a_folder_are_refused()
        {
            Assert.Equal("pipeline.root_path", Refused(Pair(extraPipeline: @", ""root_path"": ""/Shared/../Users/x""")).Field);
            var file = Refused(Pair(@"""source"": ""nb"", ""files"": [""../secret.py""], ""workspaceDirectory"": ""/Shared/dltdr/sales"""));
            Assert.Equal(("notebooks.files", "'../secret.py' must be a file in notebooks.source: a name, or a path below it with '/' between folders and no '.', '..' or empty segment."), (file.Field, file.Message));
        }

        [Theory]
        [InlineData("http://localhost:8480", "http://127.0.0.1:8480")]
        [InlineData("http://127.0.0.1:8480/", "http://[::1]:8480")]
        [InlineData("https://ADB-1111.11.azuredatabricks.net", "https://adb-1111.11.azuredatabricks.net:443/")]
        [InlineData("https://adb-1111.11.azuredatabricks.net", "https://adb-1111.7.azuredatabricks.net")]
        public void Two_regions_naming_one_workspace_through_an_alias_are_refused(string primary, string secondary)
        {
            var problem = Refused(Pair(primary: primary, secondary: secondary));
            Assert.Equal("regions.secondary.host", problem.Field);
            Assert.EndsWith("under another name: the secondary region must be another workspace.", problem.Message);
        }

        [Fact]
        public void Loopback_addresses_other_than_127_0_0_1_and_other_ports_are_other_workspaces()
        {
            Read(Pair(primary: "http://127.0.0.1:8480", secondary: "http://127.0.0.2:8480"));
            Read(Pair(primary: "http://localhost:8480", secondary: "http://localhost:8481"));
        }

        [Fact]
        public void A_definition_over_one_mebibyte_is_refused_before_it_is_parsed()
        {
            var padding = new string('x', PairDefinitionReader.MaxDefinitionBytes);
            var problem = Refused(Pair().Replace(@"""name"": ""sales"",", $@"""name"": ""sales"", ""description"": ""{padding}"","));
            Assert.Equal("(definition)", problem.Field);
            Assert.Matches(@"^The definition is \d+ bytes; at most 1048576 bytes \(1 MiB\) are read\.", problem.Message);

            var file = Path.Combine(_dir, "big.json");
            File.WriteAllText(file, Pair().Replace(@"""name"": ""sales"",", $@"""name"": ""sales"", ""description"": ""{padding}"","));
            var fromFile = Assert.Single(Assert.Throws<PairDefinitionException>(() => PairDefinitionReader.FromFile(file)).Problems);
            Assert.Equal((file, "(definition)"), (fromFile.Source, fromFile.Field));
            Assert.Contains("at most 1048576 bytes (1 MiB) are read", fromFile.Message);
        }

        [Fact]
        public void One_pair_name_in_two_folders_of_the_store_is_a_conflict_naming_both_files()
        {
            var a = Directory.CreateDirectory(Path.Combine(_dir, "a")).FullName;
            var b = Directory.CreateDirectory(Path.Combine(_dir, "b")).FullName;
            File.WriteAllText(Path.Combine(a, "sales.json"), Pair());
            File.WriteAllText(Path.Combine(b, "sales.json"), Pair());
            File.WriteAllText(Path.Combine(b, "hr.json"), Pair().Replace(@"""name"": ""sales""", @"""name"": ""hr"""));
            var store = new PairStore(new[] { a, b });
            var found = store.Find("*");
            Assert.Equal(new[] { "sales", "hr" }, found.Select(f => f.Name));
            var conflict = Assert.Throws<PairNameConflictException>(() => store.Read(found[0]));
            Assert.Equal($"The pair 'sales' is defined by 2 files: {Path.Combine(a, "sales.json")} and {Path.Combine(b, "sales.json")}. Keep one of them (rename or remove the others) so every command acts on the same definition.", conflict.Message);
            Assert.Equal("hr", store.Read(found[1]).Name);
        }

        [Fact]
        public void The_pair_path_is_split_with_the_platform_separator()
        {
            var entries = PairStore.Split(string.Join(Path.PathSeparator.ToString(), "/srv/pairs", " ", "/home/ops/pairs")).ToList();
            Assert.Equal(new[] { "/srv/pairs", "/home/ops/pairs" }, entries);
        }
    }
}
