using System;
using System.IO;
using DltDr.Engine.Pairs;

namespace DltDr.Framework.Tests
{
    /// <summary>Pair definitions from the suites' shared template (tests/fixtures), aimed at an emulator process.</summary>
    public static class TestPairs
    {
        /// <summary>
        /// The pair <paramref name="name"/>, its notebooks copied into <paramref name="folder"/>; both
        /// regions on <paramref name="authJson"/> (the pair file's "auth" object) when given.
        /// </summary>
        public static PairDefinition Pair(EmulatorProcess emulator, string folder, string name = "sales", string? authJson = null)
        {
            var notebooks = Path.Combine(folder, "notebooks");
            Directory.CreateDirectory(notebooks);
            foreach (var file in Directory.GetFiles(Repository.File("tests/fixtures/notebooks")))
            {
                System.IO.File.Copy(file, Path.Combine(notebooks, Path.GetFileName(file)), true);
            }
            var json = System.IO.File.ReadAllText(Repository.File("tests/fixtures/pair.template.json"))
                .Replace("{{name}}", name).Replace("{{mode}}", "strict")
                .Replace("{{primaryHost}}", emulator.Primary).Replace("{{secondaryHost}}", emulator.Secondary);
            if (authJson != null)
            {
                json = json.Replace("\"storage\": \"abfss://dlt@weu", $"\"auth\": {authJson}, \"storage\": \"abfss://dlt@weu")
                    .Replace("\"storage\": \"abfss://dlt@neu", $"\"auth\": {authJson}, \"storage\": \"abfss://dlt@neu");
            }
            var path = Path.Combine(folder, name + ".json");
            System.IO.File.WriteAllText(path, json);
            return PairDefinitionReader.FromFile(path);
        }
    }
}
