using System;
using System.Collections.Concurrent;
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
        /// <summary>
        /// The pair names of the store closest to <paramref name="name"/> (a typo: at most two letters
        /// off, and fewer than a third of it), nearest first; none when nothing is that close.
        /// </summary>
        public IReadOnlyList<string> Nearest(string name)
        {
            var limit = Math.Min(2, Math.Max(1, name.Length / 3));
            return Find("*").Select(f => (f.Name, Distance: Edits(name.ToLowerInvariant(), f.Name.ToLowerInvariant())))
                .Where(x => x.Distance <= limit).OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
                .Select(x => x.Name).Distinct(StringComparer.OrdinalIgnoreCase).Take(3).ToList();
        }

        /// <summary>Letters inserted, removed, changed or two swapped to make one name the other.</summary>
        internal static int Edits(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
            return d[a.Length, b.Length];
        }

        public IReadOnlyList<PairFile> Find(string pattern)
        {
            var regex = Wildcard(pattern);
            var byName = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            foreach (var folder in Folders.Where(Directory.Exists).Distinct(StringComparer.Ordinal))
            {
                foreach (var file in Listing(folder))
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

        private static readonly ConcurrentDictionary<string, (DateTime Written, IReadOnlyList<string> Files)> Listings
            = new ConcurrentDictionary<string, (DateTime, IReadOnlyList<string>)>(StringComparer.Ordinal);

        /// <summary>
        /// A folder's definition files, in order. Kept while the folder's last-write time is unchanged,
        /// so a command naming 400 pairs lists a folder of 2,000 once, not 400 times (that took about
        /// a second); any file added, removed or renamed changes the folder's time. A listing taken
        /// within 2 s of that time is not kept: a file system whose clock is that coarse could make a
        /// change then without moving the time.
        /// </summary>
        private static IReadOnlyList<string> Listing(string folder)
        {
            var written = Directory.GetLastWriteTimeUtc(folder);
            if (Listings.TryGetValue(folder, out var kept) && kept.Written == written) return kept.Files;
            var files = Directory.EnumerateFiles(folder)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (DateTime.UtcNow - written > TimeSpan.FromSeconds(2)) Listings[folder] = (written, files);
            else Listings.TryRemove(folder, out _);
            return files;
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
            var (objectives, failoverGroup) = PairDefinitionReader.GroupSettings(files[0], pair.Group);
            return pair.WithGroup(objectives, failoverGroup);
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

        internal static Regex Wildcard(string pattern)
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
