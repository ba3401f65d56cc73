using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// The pair's notebooks: a local folder and the workspace directory they are imported into in
    /// both regions. The folder is read only when the files are needed (to publish), so a
    /// definition loads, and every other command runs, on a machine without it: a runbook worker
    /// during an outage has the pair's JSON and nothing else.
    /// </summary>
    public sealed class NotebookSet
    {
        private readonly IReadOnlyList<string>? _listed;
        private readonly string _source;
        private readonly string _resolvedAgainst;
        private readonly Lazy<(IReadOnlyList<string>? Names, IReadOnlyList<NotebookFile>? Files,
            IReadOnlyList<PairProblem> Problems)> _loaded;

        internal NotebookSet(string definitionSource, string source, string sourceFolder, string resolvedAgainst, string workspaceDirectory,
            IReadOnlyList<string>? listed, IReadOnlyList<string>? include = null, JArray? otherLibraries = null)
        {
            _source = source;
            Include = include;
            OtherLibraries = otherLibraries ?? new JArray();
            _resolvedAgainst = resolvedAgainst;
            _listed = listed;
            SourceFolder = sourceFolder;
            WorkspaceDirectory = workspaceDirectory;
            _loaded =
                new Lazy<(IReadOnlyList<string>?, IReadOnlyList<NotebookFile>?, IReadOnlyList<PairProblem>)>(() => Read(definitionSource));
        }

        /// <summary>
        /// The pipeline's sources as workspace files (notebooks.include): the folder is copied whole,
        /// subfolders too, and each entry, relative to the workspace directory, is a library: a glob
        /// when it has a wildcard, else a file. Null for a pair of notebooks.
        /// </summary>
        public IReadOnlyList<string>? Include { get; }

        /// <summary>
        /// Libraries kept in the pipeline as written, not copied (jar, whl, maven): they must be in
        /// the secondary workspace already. Empty when none.
        /// </summary>
        public JArray OtherLibraries { get; }

        /// <summary>The workspace directory, in both regions.</summary>
        public string WorkspaceDirectory { get; }

        /// <summary>The local folder, as resolved when the definition was read (it need not exist).</summary>
        public string SourceFolder { get; }

        /// <summary>Whether the local folder is on this machine (it is needed only to publish).</summary>
        public bool Available => Directory.Exists(SourceFolder);

        /// <summary>
        /// The notebooks' workspace paths, known without the folder when the definition lists its
        /// files; else read from the folder, or null when it is not here (the pipeline's libraries
        /// are then not compared).
        /// </summary>
        public IReadOnlyList<string>? WorkspacePaths
        {
            get
            {
                if (Include != null) return null;
                return (_listed ?? _loaded.Value.Names)?.Select(WorkspacePathOf).ToList();
            }
        }

        /// <summary>
        /// The pipeline's libraries in the service's shape, in order: a notebook entry per notebook,
        /// or a glob or file entry per include entry; null when not known (no folder, no list).
        /// </summary>
        public JArray? Libraries
        {
            get
            {
                JArray? copied = null;
                if (Include != null)
                {
                    copied = new JArray(Include.Select(e => IsGlob(e)
                        ? new JObject { ["glob"] = new JObject { ["include"] = WorkspaceDirectory + "/" + e } }
                        : new JObject { ["file"] = new JObject { ["path"] = WorkspaceDirectory + "/" + e } }));
                }
                else if (WorkspacePaths is IReadOnlyList<string> paths)
                {
                    copied = new JArray(paths.Select(path => new JObject { ["notebook"] = new JObject { ["path"] = path } }));
                }
                if (copied == null) return null;
                foreach (var other in OtherLibraries) copied.Add(other.DeepClone());
                return copied;
            }
        }

        /// <summary>A glob library's pattern: it has a wildcard (the service's globs take * and **).</summary>
        public static bool IsGlob(string entry) => entry.IndexOf('*') >= 0 || entry.IndexOf('?') >= 0;

        /// <summary>
        /// The files to import, each checked (it exists, its language, the service's import limit):
        /// a PairDefinitionException naming the folder and what a relative path was resolved
        /// against otherwise. Publishing calls it before its first write.
        /// </summary>
        public IReadOnlyList<NotebookFile> Load()
        {
            var loaded = _loaded.Value;
            if (loaded.Problems.Count > 0) throw new PairDefinitionException(loaded.Problems);
            return loaded.Files!;
        }

        /// <summary>A listed file's notebook: the directory, the file's folders below it, its name without the extension.</summary>
        private string WorkspacePathOf(string fileName) => WorkspaceDirectory + "/" + WithoutExtension(fileName);

        internal static string WithoutExtension(string relative)
            => relative.Substring(0, relative.Length - Path.GetExtension(relative).Length);

        private (IReadOnlyList<string>?, IReadOnlyList<NotebookFile>?, IReadOnlyList<PairProblem>) Read(string definitionSource)
        {
            var problems = new List<PairProblem>();
            void Problem(string field, string message) => problems.Add(new PairProblem(definitionSource, field, message));
            if (!Directory.Exists(SourceFolder))
            {
                var how = Path.IsPathRooted(_source) ? string.Empty : $" ('{_source}' resolved against {_resolvedAgainst})";
                Problem("notebooks.source",
                    $"The notebooks folder {SourceFolder} does not exist on this machine{how}. Publishing needs it: run from a copy "
                        + $"of the pair's repository, or give notebooks.source as an absolute path.");
                return (null, null, problems);
            }
            if (Include != null) return ReadTree(problems, Problem);
            var names = _listed ?? Directory.EnumerateFiles(SourceFolder)
                .Where(f => PairDefinitionReader.Languages.ContainsKey(Path.GetExtension(f)))
                .Select(f => Path.GetFileName(f)!)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            var files = new List<NotebookFile>();
            foreach (var n in names)
            {
                var local = Path.Combine(SourceFolder, n.Replace('/', Path.DirectorySeparatorChar));
                if (!File.Exists(local))
                {
                    Problem("notebooks.files", $"'{n}' does not exist ({local}).");
                    continue;
                }
                var size = new FileInfo(local).Length;
                if (size > PairDefinitionReader.MaxNotebookBytes)
                {
                    Problem("notebooks.files",
                        $"'{n}' is {size} bytes, more than the {PairDefinitionReader.MaxNotebookBytes} bytes the service imports.");
                    continue;
                }
                files.Add(new NotebookFile(local, WorkspacePathOf(n), PairDefinitionReader.Languages[Path.GetExtension(n)]));
            }
            if (names.Count == 0) Problem("notebooks.source", $"The folder {SourceFolder} holds no .py, .sql, .scala or .r notebook.");
            var clash = files.GroupBy(f => f.WorkspacePath, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (clash != null) Problem("notebooks.files",
                $"Two files would become the same notebook {clash.Key}: "
                    + $"{string.Join(", ", clash.Select(f => Path.GetFileName(f.LocalPath)))}.");
            return (names, problems.Count == 0 ? files : null, problems);
        }

        /// <summary>
        /// The folder of workspace files, subfolders too: each file is a workspace file at the same
        /// relative path, but a notebook exported as source (a language's extension and the
        /// "Databricks notebook source" header) goes back as the notebook it was, without its
        /// extension, as the service's AUTO import makes it.
        /// </summary>
        private (IReadOnlyList<string>?, IReadOnlyList<NotebookFile>?, IReadOnlyList<PairProblem>) ReadTree(List<PairProblem> problems,
            Action<string, string> problem)
        {
            var files = new List<NotebookFile>();
            var names = new List<string>();
            // DltDr's history file is each region's own.
            foreach (var (local, relative) in LocalFiles(SourceFolder).Where(f => f.Relative != History.HistoryLog.FileName))
            {
                var size = new FileInfo(local).Length;
                if (size > PairDefinitionReader.MaxNotebookBytes)
                {
                    problem("notebooks.source",
                        $"'{relative}' is {size} bytes, more than the {PairDefinitionReader.MaxNotebookBytes} bytes the service imports.");
                    continue;
                }
                names.Add(relative);
                var language = NotebookSource.LanguageOf(local);
                files.Add(language == null
                    ? new NotebookFile(local, WorkspaceDirectory + "/" + relative, null)
                    : new NotebookFile(local, WorkspaceDirectory + "/" + WithoutExtension(relative), language));
            }
            if (files.Count == 0) problem("notebooks.source", $"The folder {SourceFolder} holds no file.");
            var clash = files.GroupBy(f => f.WorkspacePath, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (clash != null) problem("notebooks.source",
                $"Two files would become the same workspace object {clash.Key}: "
                    + $"{string.Join(", ", clash.Select(f => f.LocalPath))}.");
            return (names, problems.Count == 0 ? files : null, problems);
        }

        /// <summary>
        /// Every file below a local folder, subfolders too, but hidden ones (.git, .DS_Store: not a
        /// pipeline's), by its path below the folder with '/' between folders, in ordinal order.
        /// </summary>
        internal static IEnumerable<(string Local, string Relative)> LocalFiles(string folder)
        {
            var root = folder.TrimEnd(Path.DirectorySeparatorChar);
            return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => (Local: f, Relative: f.Substring(root.Length + 1).Replace(Path.DirectorySeparatorChar, '/')))
                .Where(f => !f.Relative.Split('/').Any(s => s.StartsWith(".", StringComparison.Ordinal)))
                .OrderBy(f => f.Relative, StringComparer.Ordinal);
        }

        public override string ToString()
            => $"{WorkspaceDirectory} <- {SourceFolder}{(Available ? string.Empty : " (not on this machine)")}";
    }
}
