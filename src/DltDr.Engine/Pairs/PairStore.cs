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
    /// PATH, ';' on Windows and ':' elsewhere), else a per-user folder (%APPDATA%\DltDr\pairs on Windows, $XDG_CONFIG_HOME/dltdr/pairs
    /// or ~/.config/dltdr/pairs elsewhere). A pair named sales is the file sales.json (or
    /// sales.jsonc); a name in two files is a conflict, never resolved by folder order.
    /// </summary>
    public sealed class PairStore
    {
        public const string PathVariable = "DLTDR_PAIR_PATH";
        private static readonly string[] Extensions = { ".json", ".jsonc" };

        /// <summary>A group's file is GROUP.group.json beside the pair files; it is no pair.</summary>
        public const string GroupSuffix = ".group";

        public PairStore(IReadOnlyList<string> folders) => Folders = folders;

        public IReadOnlyList<string> Folders { get; }

        /// <summary>
        /// The store the environment names. <paramref name="resolve"/> turns an entry of the pair
        /// path into a full path (PowerShell passes its own resolution, so '~', drives and paths
        /// relative to the current location work as they do at its prompt).
        /// </summary>
        public static PairStore FromEnvironment(IEnvironment env, Func<string, string>? resolve = null)
        {
            var configured = env.Get(PathVariable);
            if (configured != null)
            {
                return new PairStore(Split(configured).Select(resolve ?? Path.GetFullPath).ToList());
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

        /// <summary>The pair path split like PATH: ';' on Windows (where ':' is in every drive path), ':' elsewhere.</summary>
        public static IEnumerable<string> Split(string pairPath)
            => pairPath.Split(new[] { Path.PathSeparator },
                StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.Length > 0);

        /// <summary>
        /// The definition files whose pair name matches the wildcard pattern (* ? [abc]), each name
        /// once. A name found in more than one file carries the others in <see cref="PairFile.Conflicts"/>:
        /// which of two definitions of one pair is meant is not a guess to make on a failover.
        /// </summary>
        public IReadOnlyList<PairFile> Find(string pattern)
        {
            var regex = Wildcard(pattern);
            var byName = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            foreach (var folder in Folders.Where(Directory.Exists).Distinct(StringComparer.Ordinal))
            {
                foreach (var file in Directory.EnumerateFiles(folder).Where(f
                    => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).OrderBy(f => f, StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    if (name.EndsWith(GroupSuffix, StringComparison.OrdinalIgnoreCase) || !regex.IsMatch(name)) continue;
                    if (!byName.TryGetValue(name, out var files))
                    {
                        byName[name] = files = new List<string>();
                        order.Add(name);
                    }
                    files.Add(file);
                }
            }
            return order.Select(n
                => new PairFile(Path.GetFileNameWithoutExtension(byName[n][0]), byName[n][0], byName[n].Skip(1).ToList())).ToList();
        }

        /// <summary>
        /// Reads a pair found by name; its definition's name must be its file's name, and no other file
        /// may define it. A pair of a group takes the objectives it does not set from the group's file.
        /// </summary>
        public PairDefinition Read(PairFile file) => WithGroup(ReadFile(file));

        /// <summary>The pair with its group's objectives (GROUP.group.json in a folder of the store) under its own.</summary>
        public PairDefinition WithGroup(PairDefinition pair)
        {
            if (pair.Group == null) return pair;
            var files = Folders.Where(Directory.Exists).Distinct(StringComparer.Ordinal)
                .SelectMany(f => Extensions.Select(e => Path.Combine(f, pair.Group + GroupSuffix + e))).Where(File.Exists).ToList();
            if (files.Count == 0) return pair;
            if (files.Count > 1) throw new PairNameConflictException(pair.Group + GroupSuffix, files);
            return pair.WithGroupObjectives(PairDefinitionReader.GroupObjectives(files[0], pair.Group));
        }

        private static PairDefinition ReadFile(PairFile file)
        {
            if (file.Conflicts.Count > 0) throw
                new PairNameConflictException(file.Name, new[] { file.Path }.Concat(file.Conflicts).ToList());
            var pair = PairDefinitionReader.FromFile(file.Path);
            if (!string.Equals(pair.Name, file.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new PairDefinitionException(new[] {
                    new PairProblem(file.Path, "name",
                        $"The pair in {Path.GetFileName(file.Path)} must be named '{file.Name}' (its file name), not '{pair.Name}'.") });
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
