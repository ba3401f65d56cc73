using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Output;
using DltDr.Engine.Concurrency;
using DltDr.Engine.Databricks;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// New-DltDrPair's engine: finds the chosen pipelines in the primary workspace, reads each one's
    /// settings and exports its notebooks (many at once, paced like every call to the workspace), and
    /// drafts a pair file for each. It only reads; <see cref="Write"/> writes a draft's files.
    /// </summary>
    public sealed class PairImporter
    {
        private readonly WorkspaceClient _primary;
        private readonly DraftSettings _settings;
        private readonly Time.Clock _clock;

        public PairImporter(WorkspaceClient primary, DraftSettings settings, Time.Clock clock)
        {
            _primary = primary;
            _settings = settings;
            _clock = clock;
        }

        public int ThrottleLimit { get; set; } = 64;

        /// <summary>The pipelines (ids, or names when not found) that could not be taken in, each said as an error.</summary>
        public IReadOnlyList<string> NotTaken => _notTaken.ToList();

        private readonly ConcurrentBag<string> _notTaken = new ConcurrentBag<string>();

        /// <summary>
        /// Drafts a pair for each pipeline chosen, by pair name; a pipeline that cannot be taken
        /// in is an error for it alone (the others go on), reported to <paramref name="output"/>.
        /// </summary>
        public async Task<IReadOnlyList<PairDraft>> DraftAsync(PipelineSelection selection, ICommandOutput output, CancellationToken cancel)
        {
            var chosen = await SelectAsync(selection, output, cancel).ConfigureAwait(false);
            var drafts = new ConcurrentDictionary<int, PairDraft>();
            var activity = output.Activity("New-DltDrPair: reading pipelines and exporting their notebooks");
            var done = 0;
            try
            {
                await Concurrently.ForEachAsync(chosen.Select((id, i) => (id, i)), ThrottleLimit, async item =>
                {
                    try
                    {
                        var pipeline = await _primary.Pipelines.GetAsync(item.id, cancel).ConfigureAwait(false);
                        drafts[item.i] = await DraftOneAsync(pipeline, cancel).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) || !cancel.IsCancellationRequested)
                    {
                        _notTaken.Add(item.id);
                        output.Error(ex, item.id);
                    }
                    activity.Report($"{Interlocked.Increment(ref done)} of {chosen.Count} pipelines read");
                }, cancel).ConfigureAwait(false);
            }
            finally
            {
                activity.Complete();
            }
            // By pair name: the workspace lists in no documented order.
            var result = drafts.Values.OrderBy(d => d.Pair, StringComparer.OrdinalIgnoreCase)
                .ThenBy(d => d.PipelineId, StringComparer.Ordinal).ToList();
            foreach (var twice in result.GroupBy(d => d.Pair, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                var ids = string.Join(", ", twice.Select(d => d.PipelineId));
                output.Warning($"{twice.Count()} pipelines give the pair name '{twice.Key}' ({ids}): "
                    + "only the first is drafted under that name. Rename the others' pipelines, or draft them one at a time into "
                    + "another folder.");
            }
            return result.GroupBy(d => d.Pair, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        }

        /// <summary>
        /// Writes the pair file and its notebooks folder; refuses (nothing written) a pair file that exists,
        /// unless told to overwrite.
        /// </summary>
        public static void Write(PairDraft draft, bool overwrite)
        {
            if (File.Exists(draft.Path) && !overwrite)
            {
                throw new OnboardingException(ErrorIds.PairFileExists,
                    $"{draft.Path} exists: nothing was written for the pipeline '{draft.PipelineName}' ({draft.PipelineId}). Add -Force "
                        + "to replace it (and its notebooks folder), or give -Path another folder.");
            }
            Directory.CreateDirectory(draft.SourceFolder);
            // What a previous draft wrote goes: the folder's notebooks, or for a folder of workspace files all of it.
            var old = draft.IsFileTree
                ? Directory.GetFiles(draft.SourceFolder, "*", SearchOption.AllDirectories)
                : Directory.GetFiles(draft.SourceFolder).Where(f => PairDefinitionReader.Languages.ContainsKey(Path.GetExtension(f)));
            foreach (var file in old.ToList()) File.Delete(file);
            foreach (var nb in draft.Exported)
            {
                var local = Path.Combine(draft.SourceFolder, nb.RelativePath.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                File.WriteAllBytes(local, nb.Source);
            }
            // The pair file last, through a temporary file: a pair file present is a pair file whole.
            var temp = draft.Path + ".tmp";
            File.WriteAllText(temp, draft.Json, new System.Text.UTF8Encoding(false));
            if (File.Exists(draft.Path)) File.Delete(draft.Path);
            File.Move(temp, draft.Path);
            draft.Written = true;
        }

        /// <summary>
        /// The ids of the pipelines chosen: ids as given (each read, so a wrong one is said), names
        /// and wildcards matched against one listing of the workspace.
        /// </summary>
        private async Task<IReadOnlyList<string>> SelectAsync(PipelineSelection selection, ICommandOutput output, CancellationToken cancel)
        {
            var ids = new List<string>();
            var where = $"the primary workspace ({_primary.Host.GetLeftPart(UriPartial.Authority)})";
            IReadOnlyList<PipelineInfo> listed = Array.Empty<PipelineInfo>();
            if (selection.All || selection.Names.Count > 0) listed = await _primary.Pipelines.ListAsync(null, cancel).ConfigureAwait(false);
            if (selection.All) ids.AddRange(listed.Select(p => p.PipelineId!).Where(id => id != null));
            foreach (var name in selection.Names)
            {
                var wildcard = PairStore.HasWildcard(name);
                var pattern = wildcard ? PairStore.Wildcard(name) : null;
                var matches = listed.Where(p => wildcard ? pattern!.IsMatch(p.Name ?? string.Empty) : p.Name == name).ToList();
                if (matches.Count == 0)
                {
                    var near = listed.Select(p => p.Name ?? string.Empty)
                        .Where(n => !wildcard && (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)
                            || n.IndexOf(name, StringComparison.OrdinalIgnoreCase) >= 0))
                        .Take(3).ToList();
                    var meant = near.Count > 0 ? $" Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?" : string.Empty;
                    _notTaken.Add(name);
                    output.Error(new OnboardingException(ErrorIds.PipelineNotFound,
                        $"No pipeline {(wildcard ? "matches" : "is named")} '{name}' in {where} ({listed.Count} pipelines there).{meant}"),
                        name);
                    continue;
                }
                if (!wildcard && matches.Count > 1)
                {
                    _notTaken.Add(name);
                    output.Error(new OnboardingException(ErrorIds.AmbiguousPipelineName,
                        $"{matches.Count} pipelines are named '{name}' in {where} "
                            + $"({string.Join(", ", matches.Select(m => m.PipelineId))}): "
                            + "give the one you mean with -PipelineId."), name);
                    continue;
                }
                ids.AddRange(matches.Select(m => m.PipelineId!));
            }
            foreach (var id in selection.Ids)
            {
                // Read as it is drafted: a wrong id is said then, by the service's 404.
                ids.Add(id);
            }
            return ids.Distinct(StringComparer.Ordinal).ToList();
        }

        private async Task<PairDraft> DraftOneAsync(PipelineInfo pipeline, CancellationToken cancel)
        {
            var warnings = new List<DraftWarning>();
            var sources = PairDrafter.Sources(pipeline, warnings);
            var exported = sources.Include != null
                ? await ExportTreeAsync(pipeline, sources.Directory, warnings, cancel).ConfigureAwait(false)
                : await Task.WhenAll(sources.Notebooks.Select(async path =>
                {
                    var status = await _primary.Workspace.GetStatusAsync(path, cancel).ConfigureAwait(false);
                    if (status == null || !string.Equals(status.ObjectType, "NOTEBOOK", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                            $"The pipeline '{pipeline.Name}' ({pipeline.PipelineId}) names the notebook {path}, which "
                                + (status == null ? "does not exist" : $"is a {status.ObjectType?.ToLowerInvariant()}, not a notebook")
                                + " in the primary workspace. Fix the pipeline's libraries, then run New-DltDrPair again. Nothing was "
                                + "written for it.");
                    }
                    var source = await _primary.Workspace.ExportSourceAsync(path, cancel).ConfigureAwait(false);
                    var language = status.Language ?? "PYTHON";
                    return new ExportedNotebook(path, language, source, sources.FileOf(path, language));
                })).ConfigureAwait(false);
            var pair = PairDrafter.PairName(pipeline.Name ?? pipeline.Spec?.Name ?? pipeline.PipelineId ?? "pipeline");
            var draft = PairDrafter.Draft(pipeline, pair, sources, exported, _settings, warnings, _clock.UtcNow);
            // What is written is what Get-DltDrPair reads back: a draft that would not load is a defect, said here.
            PairDefinitionReader.FromJson(draft.Json, draft.Path, _settings.Folder);
            return draft;
        }

        /// <summary>The most workspace objects one pipeline's folder may hold: more is a home folder, not a pipeline's code.</summary>
        internal const int MaxTreeObjects = 2000;

        /// <summary>
        /// The pipeline's folder of workspace files, subfolders too, one listing per folder: files as
        /// their bytes, notebooks as source (they go back as notebooks). DltDr's history file stays.
        /// </summary>
        private async Task<IReadOnlyList<ExportedNotebook>> ExportTreeAsync(PipelineInfo pipeline, string directory,
            List<DraftWarning> warnings, CancellationToken cancel)
        {
            var who = $"The pipeline '{pipeline.Name}' ({pipeline.PipelineId})";
            if (await _primary.Workspace.GetStatusAsync(directory, cancel).ConfigureAwait(false) == null)
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"{who} runs files of the folder {directory}, which does not exist in the primary workspace. Fix the pipeline's "
                        + "libraries or root_path, then run New-DltDrPair again. Nothing was written for it.");
            }
            var objects = new List<ObjectInfo>();
            var folders = new Queue<string>();
            folders.Enqueue(directory);
            while (folders.Count > 0)
            {
                var level = folders.ToList();
                folders.Clear();
                var listed = await Task.WhenAll(level.Select(f => _primary.Workspace.ListAsync(f, cancel))).ConfigureAwait(false);
                foreach (var o in listed.SelectMany(l => l))
                {
                    if (string.Equals(o.ObjectType, "DIRECTORY", StringComparison.OrdinalIgnoreCase)) folders.Enqueue(o.Path!);
                    else objects.Add(o);
                }
                if (objects.Count > MaxTreeObjects)
                {
                    throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                        $"{who}: its folder {directory} holds more than {MaxTreeObjects} objects; DltDr copies a pipeline's own folder, "
                            + "not a home folder. Give the pipeline a root_path of its own, then run New-DltDrPair again. Nothing was "
                            + "written for it.");
                }
            }
            var exported = new List<ExportedNotebook>();
            var copied = objects.Where(o => o.Path != null && !o.Path.EndsWith("/" + History.HistoryLog.FileName, StringComparison.Ordinal))
                .ToList();
            foreach (var skipped in copied.Where(o => !IsFile(o) && !IsNotebook(o)))
            {
                warnings.Add(new DraftWarning("notebooks.source",
                    $"{skipped.Path} is a {skipped.ObjectType?.ToLowerInvariant()}, not a file or notebook: it is not copied.",
                    "Make it in the secondary workspace by hand, if the pipeline needs it."));
            }
            var read = await Task.WhenAll(copied.Where(o => IsFile(o) || IsNotebook(o)).Select(async o =>
            {
                var relative = o.Path!.Substring(directory.Length + 1);
                if (IsFile(o))
                {
                    var bytes = await _primary.Workspace.ReadFileAsync(o.Path, cancel).ConfigureAwait(false) ?? Array.Empty<byte>();
                    return new ExportedNotebook(o.Path, null, bytes, relative);
                }
                var language = o.Language ?? "PYTHON";
                var source = await _primary.Workspace.ExportSourceAsync(o.Path, cancel).ConfigureAwait(false);
                return new ExportedNotebook(o.Path, language, source, relative + PairDefinitionReader.ExtensionOf(language));
            })).ConfigureAwait(false);
            exported.AddRange(read.OrderBy(e => e.RelativePath, StringComparer.Ordinal));
            if (exported.Count == 0)
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"{who} runs files of the folder {directory}, which holds none. Nothing was written for it.");
            }
            return exported;
        }

        private static bool IsFile(ObjectInfo o) => string.Equals(o.ObjectType, "FILE", StringComparison.OrdinalIgnoreCase);
        private static bool IsNotebook(ObjectInfo o) => string.Equals(o.ObjectType, "NOTEBOOK", StringComparison.OrdinalIgnoreCase);
    }
}
