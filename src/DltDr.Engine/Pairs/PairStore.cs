using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using DltDr.Engine.Auth;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Where pair definitions are found by name: the folders of DLTDR_PAIR_PATH (separated like
    /// PATH), else a per-user folder (%APPDATA%\DltDr\pairs on Windows, $XDG_CONFIG_HOME/dltdr/pairs
    /// or ~/.config/dltdr/pairs elsewhere). A pair named sales is the file sales.json (or
    /// sales.jsonc) in the first folder that has it.
    /// </summary>
    public sealed class PairStore
    {
        public const string PathVariable = "DLTDR_PAIR_PATH";
        private static readonly string[] Extensions = { ".json", ".jsonc" };

        public PairStore(IReadOnlyList<string> folders) => Folders = folders;

        public IReadOnlyList<string> Folders { get; }

        public static PairStore FromEnvironment(IEnvironment env)
        {
            var configured = env.Get(PathVariable);
            if (configured != null)
            {
                return new PairStore(configured.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToList());
            }
            string folder;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                folder = Path.Combine(env.Get("APPDATA") ?? Path.Combine(env.HomeDirectory, "AppData", "Roaming"), "DltDr", "pairs");
            }
            else
            {
                folder = Path.Combine(env.Get("XDG_CONFIG_HOME") ?? Path.Combine(env.HomeDirectory, ".config"), "dltdr", "pairs");
            }
            return new PairStore(new[] { folder });
        }

        /// <summary>The definition files whose pair name matches the wildcard pattern (* ? [abc]), first folder first, each name once.</summary>
        public IReadOnlyList<(string Name, string Path)> Find(string pattern)
        {
            var regex = Wildcard(pattern);
            var found = new List<(string, string)>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var folder in Folders.Where(Directory.Exists))
            {
                foreach (var file in Directory.EnumerateFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).OrderBy(f => f, StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    if (regex.IsMatch(name) && seen.Add(name)) found.Add((name, file));
                }
            }
            return found;
        }

        /// <summary>Reads a pair found by name; its definition's name must be its file's name.</summary>
        public static PairDefinition Read(string name, string path)
        {
            var pair = PairDefinitionReader.FromFile(path);
            if (!string.Equals(pair.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new PairDefinitionException(new[] { new PairProblem(path, "name", $"The pair in {Path.GetFileName(path)} must be named '{name}' (its file name), not '{pair.Name}'.") });
            }
            return pair;
        }

        public static bool HasWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        private static Regex Wildcard(string pattern)
        {
            var sb = new System.Text.StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '*') sb.Append(".*");
                else if (c == '?') sb.Append('.');
                else if (c == '[')
                {
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0) sb.Append(@"\[");
                    else
                    {
                        sb.Append('[').Append(Regex.Escape(pattern.Substring(i + 1, end - i - 1)).Replace(@"\-", "-")).Append(']');
                        i = end;
                    }
                }
                else sb.Append(Regex.Escape(c.ToString()));
            }
            return new Regex(sb.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
