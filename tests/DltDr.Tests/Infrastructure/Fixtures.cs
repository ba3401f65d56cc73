using System;
using System.Globalization;
using System.IO;
using Newtonsoft.Json.Linq;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// The test world both suites share (tests/fixtures): the clock's origin, the pair template and
    /// its notebooks. The Pester helpers read the same files.
    /// </summary>
    public static class Fixtures
    {
        private static readonly Lazy<JObject> World = new Lazy<JObject>(() => JObject.Parse(File.ReadAllText(Path.Combine(Folder, "world.json"))));

        public static string Folder => Path.Combine(RepoPaths.Root, "tests", "fixtures");

        /// <summary>Where virtual time starts, so messages with times can be asserted.</summary>
        public static DateTimeOffset ClockOrigin
            => DateTimeOffset.Parse((string)World.Value["clockOrigin"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        /// <summary>The pair definition for <paramref name="name"/>, pointing at the two hosts.</summary>
        public static string PairJson(string name, string mode, string primaryHost, string secondaryHost)
            => File.ReadAllText(Path.Combine(Folder, (string)World.Value["pairTemplate"]!))
                .Replace("{{name}}", name).Replace("{{mode}}", mode).Replace("{{primaryHost}}", primaryHost).Replace("{{secondaryHost}}", secondaryHost);

        /// <summary>Copies the pair's notebooks into <paramref name="folder"/>/notebooks.</summary>
        public static void CopyNotebooks(string folder)
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, "notebooks")).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(Folder, (string)World.Value["notebooks"]!)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        }
    }
}
