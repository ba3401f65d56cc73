using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DltDr.Engine.Output;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// New-DltDrPair -Bundle: drafts a pair for each pipeline of a Databricks Asset Bundle's resolved
    /// configuration (what <c>databricks bundle validate --output json</c> prints, saved in the
    /// bundle's root), its notebooks taken from the bundle's own files, not exported. It reads no
    /// workspace.
    /// </summary>
    public sealed class BundleImporter
    {
        private static readonly string[] Extensions = PairDefinitionReader.Languages.Keys.ToArray();
        private readonly DraftSettings _settings;
        private readonly Time.Clock _clock;
        private readonly List<string> _notTaken = new List<string>();

        public BundleImporter(DraftSettings settings, Time.Clock clock)
        {
            _settings = settings;
            _clock = clock;
        }

        /// <summary>The bundle's pipelines (resource keys) that could not be drafted, each said as an error.</summary>
        public IReadOnlyList<string> NotTaken => _notTaken;

        /// <summary>The workspace host the configuration names (workspace.host), when it is a URL.</summary>
        public static Uri? HostOf(string configurationPath)
        {
            var host = (string?)Read(configurationPath)["workspace"]?["host"];
            if (!Uri.TryCreate(host, UriKind.Absolute, out var uri)) return null;
            return uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp ? uri : null;
        }

        /// <summary>
        /// Drafts the pipelines whose resource key or name matches <paramref name="names"/> (all when
        /// none is given), by pair name. The bundle's root is the configuration file's folder.
        /// </summary>
        public IReadOnlyList<PairDraft> Draft(string configurationPath, IReadOnlyList<string> names, ICommandOutput output)
        {
            var root = Read(configurationPath);
            var bundleRoot = Path.GetDirectoryName(Path.GetFullPath(configurationPath))!;
            if (!(root["resources"]?["pipelines"] is JObject pipelines) || pipelines.Count == 0)
            {
                throw new OnboardingException(ErrorIds.InvalidNewPairParameter,
                    $"-Bundle: {configurationPath} has no resources.pipelines. Give the output of 'databricks bundle validate --output "
                        + "json' for the target whose pipelines to take in, saved in the bundle's root. Nothing was written.");
            }
            var target = (string?)root["bundle"]?["target"] ?? "default";
            var filePath = ((string?)root["workspace"]?["file_path"])?.TrimEnd('/');
            var drafts = new List<PairDraft>();
            foreach (var resource in pipelines.Properties())
            {
                var settings = (JObject)resource.Value.DeepClone();
                var name = (string?)settings["name"] ?? resource.Name;
                if (names.Count > 0 && !names.Any(n => Matches(n, resource.Name) || Matches(n, name))) continue;
                var origin = $"bundle resource {resource.Name}, target {target}";
                try
                {
                    drafts.Add(DraftOne(resource.Name, settings, name, origin, filePath, bundleRoot));
                }
                catch (Exception ex) when (ex is OnboardingException || ex is PairDefinitionException || ex is IOException)
                {
                    _notTaken.Add(resource.Name);
                    output.Error(ex, resource.Name);
                }
            }
            foreach (var n in names.Where(n => !PairStore.HasWildcard(n)))
            {
                if (pipelines.Properties().Any(p => Matches(n, p.Name) || Matches(n, (string?)p.Value["name"] ?? p.Name))) continue;
                _notTaken.Add(n);
                output.Error(new OnboardingException(ErrorIds.PipelineNotFound,
                    $"The bundle's configuration ({configurationPath}) has no pipeline '{n}'; its pipelines: "
                        + $"{string.Join(", ", pipelines.Properties().Select(p => p.Name))}."), n);
            }
            return drafts.OrderBy(d => d.Pair, StringComparer.OrdinalIgnoreCase).ToList();
        }

        private PairDraft DraftOne(string key, JObject settings, string name, string origin, string? filePath, string bundleRoot)
        {
            var warnings = new List<DraftWarning>();
            if (settings.Remove("deployment"))
            {
                warnings.Add(new DraftWarning("pipeline.deployment",
                    "the primary's pipeline is the bundle's; the secondary's is DltDr's, outside the bundle.",
                    "After a bundle deploy changes the pipeline, run New-DltDrPair -Bundle again (-Force) and Publish-DltDrPipeline."));
            }
            settings.Remove("permissions");
            var pipeline = new PipelineInfo { Name = name, Spec = ApiJson.Read<PipelineSettings>(settings) };
            var sources = PairDrafter.Sources(pipeline, warnings, origin);
            var exported = sources.Include != null
                ? LocalTree(sources.Directory, filePath, bundleRoot, name, origin, warnings)
                : sources.Notebooks.Select(path => Local(path, filePath, bundleRoot, name, origin, sources)).ToList();
            var draft = PairDrafter.Draft(pipeline, PairDrafter.PairName(name), sources, exported, _settings, warnings, _clock.UtcNow,
                origin);
            PairDefinitionReader.FromJson(draft.Json, draft.Path, _settings.Folder);
            return draft;
        }

        /// <summary>A notebook the bundle deploys, read from the bundle's folder: its workspace path under workspace.file_path.</summary>
        private static ExportedNotebook Local(string path, string? filePath, string bundleRoot, string name, string origin,
            DraftSources sources)
        {
            if (filePath == null || !path.StartsWith(filePath + "/", StringComparison.Ordinal))
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"The pipeline '{name}' ({origin}) names the notebook {path}, which is not one of the bundle's files "
                        + $"(under workspace.file_path, {filePath ?? "not set"}). No pair was written for it.");
            }
            var relative = path.Substring(filePath.Length + 1).Replace('/', Path.DirectorySeparatorChar);
            foreach (var ext in Extensions)
            {
                var local = Path.Combine(bundleRoot, relative + ext);
                var language = PairDefinitionReader.Languages[ext];
                if (File.Exists(local))
                    return new ExportedNotebook(path, language, File.ReadAllBytes(local), sources.FileOf(path, language));
            }
            throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                $"The pipeline '{name}' ({origin}) names the notebook {path}: no {relative}.py, .sql, .scala or .r in the bundle's "
                    + $"folder {bundleRoot} (a .ipynb notebook is not carried yet). No pair was written for it.");
        }

        /// <summary>
        /// The folder of workspace files the pipeline runs, read from the bundle's folder as the bundle
        /// deploys it (workspace.file_path is the bundle's root): every file below it but hidden ones.
        /// </summary>
        private static IReadOnlyList<ExportedNotebook> LocalTree(string directory, string? filePath, string bundleRoot, string name,
            string origin, List<DraftWarning> warnings)
        {
            if (filePath == null || !directory.StartsWith(filePath + "/", StringComparison.Ordinal))
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"The pipeline '{name}' ({origin}) runs files of {directory}, which is not one of the bundle's folders "
                        + $"(under workspace.file_path, {filePath ?? "not set"}). No pair was written for it.");
            }
            var relative = directory.Substring(filePath.Length + 1);
            var folder = Path.Combine(bundleRoot, relative.Replace('/', Path.DirectorySeparatorChar));
            if (!Directory.Exists(folder))
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"The pipeline '{name}' ({origin}) runs files of {directory}: the bundle's folder has no {relative} ({folder}). "
                        + "Run New-DltDrPair -Bundle from the bundle's own copy. No pair was written for it.");
            }
            var files = NotebookSet.LocalFiles(folder)
                .Select(f => new ExportedNotebook(directory + "/" + f.Relative, null, File.ReadAllBytes(f.Local), f.Relative))
                .ToList();
            foreach (var notebook in files.Where(f => f.RelativePath.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)))
            {
                warnings.Add(new DraftWarning("notebooks.source",
                    $"{notebook.RelativePath} is a Jupyter notebook: the bundle deploys it as a notebook, DltDr copies it as a "
                        + "workspace file.",
                    "Keep it as it is when the pipeline does not run it; else save it as source (.py with the '# Databricks notebook "
                        + "source' header line), which DltDr imports as a notebook."));
            }
            if (files.Count == 0)
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"The pipeline '{name}' ({origin}) runs files of {directory}: the bundle's folder {folder} holds none. No pair was "
                        + "written for it.");
            }
            return files;
        }

        private static bool Matches(string pattern, string value)
            => PairStore.HasWildcard(pattern)
                ? PairStore.Wildcard(pattern).IsMatch(value)
                : string.Equals(pattern, value, StringComparison.Ordinal);

        private static JObject Read(string path)
        {
            try
            {
                return ApiJson.Parse(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is Newtonsoft.Json.JsonException || ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new OnboardingException(ErrorIds.InvalidNewPairParameter,
                    $"-Bundle: {path} could not be read as the JSON 'databricks bundle validate --output json' prints ({ex.Message}). "
                        + "Nothing was written.");
            }
        }
    }
}
