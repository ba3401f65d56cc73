using System;
using System.Collections.Generic;
using System.IO;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// The Databricks CLI's <c>~/.databrickscfg</c>: INI sections named by profile, <c>key = value</c>
    /// lines, <c>;</c> and <c>#</c> comments. Read only; never written.
    /// </summary>
    public sealed class ConfigFile
    {
        public const string DefaultProfile = "DEFAULT";
        private readonly Dictionary<string, Dictionary<string, string>> _sections;

        private ConfigFile(string path, Dictionary<string, Dictionary<string, string>> sections)
        {
            Path = path;
            _sections = sections;
        }

        public string Path { get; }

        public IEnumerable<string> Profiles => _sections.Keys;

        /// <summary>DATABRICKS_CONFIG_FILE, else ~/.databrickscfg; null when that file does not exist.</summary>
        public static ConfigFile? Load(IEnvironment env)
        {
            var path = env.Get("DATABRICKS_CONFIG_FILE") ?? System.IO.Path.Combine(env.HomeDirectory, ".databrickscfg");
            if (path.StartsWith("~", StringComparison.Ordinal)) path = System.IO.Path.Combine(env.HomeDirectory,
                path.Substring(1).TrimStart('/', '\\'));
            return File.Exists(path) ? Parse(path, File.ReadAllText(path)) : null;
        }

        public static ConfigFile Parse(string path, string text)
        {
            var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            Dictionary<string, string>? current = null;
            var lineNo = 0;
            foreach (var raw in text.Split('\n'))
            {
                lineNo++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == ';' || line[0] == '#') continue;
                if (line[0] == '[')
                {
                    if (line[line.Length - 1] != ']') throw
                        new FormatException($"{path}, line {lineNo}: a section header must end with ']'.");
                    var name = line.Substring(1, line.Length - 2).Trim();
                    if (!sections.TryGetValue(name, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        sections[name] = current;
                    }
                    continue;
                }
                var eq = line.IndexOf('=');
                if (eq <= 0) throw new FormatException($"{path}, line {lineNo}: expected 'key = value'.");
                if (current == null)
                {
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    sections[DefaultProfile] = current;
                }
                current[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
            }
            return new ConfigFile(path, sections);
        }

        public IReadOnlyDictionary<string, string>? Section(string profile)
            => _sections.TryGetValue(profile, out var s) ? s : null;
    }
}
