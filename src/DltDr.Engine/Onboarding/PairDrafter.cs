using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// Turns a live pipeline's settings into a pair definition: what a pair file carries is copied,
    /// the notebooks become the pair's notebooks folder, and every value bound to the primary region
    /// or not carried is said as a warning with what to write. Pure: the reads are the importer's.
    /// </summary>
    internal static class PairDrafter
    {
        private static readonly Regex InvalidNameChars = new Regex("[^A-Za-z0-9_.-]+");

        /// <summary>The pair's name from the pipeline's: the characters a pair name allows, at most 64.</summary>
        internal static string PairName(string pipelineName)
        {
            var name = InvalidNameChars.Replace(pipelineName.Trim(), "-").Trim('-', '.', '_');
            if (name.Length > 64) name = name.Substring(0, 64).TrimEnd('-', '.', '_');
            return name.Length == 0 ? "pipeline" : name;
        }

        /// <summary>
        /// What the pipeline runs and the one workspace folder it lives in: notebooks of one folder, or
        /// workspace files and globs under one folder (its root_path when they are all under it; the
        /// editor's and the bundle template's shape). A source DltDr cannot carry (a jar, a wheel, a
        /// maven library, notebooks in several folders or beside files, a path outside the workspace)
        /// refuses the pipeline: publishing the pair would take it out of the pipeline.
        /// </summary>
        internal static DraftSources Sources(PipelineInfo pipeline, List<DraftWarning> warnings, string? origin = null)
        {
            var who = $"The pipeline '{pipeline.Name ?? pipeline.Spec?.Name}' ({origin ?? pipeline.PipelineId})";
            var libraries = pipeline.Spec?.Libraries ?? new List<PipelineLibrary>();
            var notebooks = new List<string>();
            var files = new List<(string Path, bool Glob)>();
            var others = new JArray();
            var cannot = new List<string>();
            for (var i = 0; i < libraries.Count; i++)
            {
                var lib = libraries[i];
                string? path;
                string field;
                if ((path = lib.Notebook?.Path) != null) field = $"libraries[{i}].notebook.path";
                else if ((path = lib.File?.Path) != null) field = $"libraries[{i}].file.path";
                else if ((path = lib.Glob?.Include) != null) field = $"libraries[{i}].glob.include";
                else
                {
                    var kind = lib.Unknown.Keys.FirstOrDefault() ?? "(empty)";
                    if (lib.Unknown.Count == 1 && What(kind) is string what)
                    {
                        // Kept in the pipeline as it is, not copied: it must be in the secondary already.
                        others.Add(new JObject { [kind] = lib.Unknown[kind].DeepClone() });
                        warnings.Add(new DraftWarning($"libraries[{i}].{kind}",
                            $"{Short(lib.Unknown[kind])} is kept in both regions' pipelines (notebooks.otherLibraries), not copied.",
                            what));
                    }
                    else cannot.Add($"libraries[{i}].{kind} (not a notebook, file, glob, jar, wheel or maven library)");
                    continue;
                }
                if (!path.StartsWith("/", StringComparison.Ordinal))
                {
                    throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                        $"{who}: {field} '{path}' is not a workspace path (one that starts with /). Give the "
                            + "source's workspace path in the pipeline, then run New-DltDrPair again. Nothing was written for it.");
                }
                if (lib.Notebook != null) notebooks.Add(path.TrimEnd('/'));
                else if (lib.File != null) files.Add((path.TrimEnd('/'), false));
                else if (NotebookSet.IsGlob(path)) files.Add((path, true));
                else cannot.Add($"{field} ({path}: a glob without a wildcard; write it as {path.TrimEnd('/')}/** in the pipeline)");
            }
            if (notebooks.Count > 0 && files.Count > 0)
            {
                cannot.Add($"notebooks ({string.Join(", ", notebooks)}) beside workspace files or globs "
                    + $"({string.Join(", ", files.Select(f => f.Path))}): a pair carries one or the other");
            }
            if (cannot.Count > 0)
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"{who} has sources DltDr does not carry yet: {string.Join(", ", cannot)}. DltDr deploys a pipeline's notebooks, "
                        + "or its workspace files and globs, and publishing the pair would replace the others, so no pair was written "
                        + "for it. Keep it out of DR for now, or make its sources notebooks or files of one workspace folder.");
            }
            if (files.Count > 0) return TreeSources(pipeline, who, files, others);
            if (notebooks.Count == 0)
            {
                // Only libraries it does not copy: nothing of the pipeline's own code to carry.
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"{who} names no notebook, file or glob in its libraries, so there is nothing to copy. No pair was written for it.");
            }
            // Notebooks in several folders: the folder they share, each listed by its path below it.
            var directory = notebooks.Select(Parent).Distinct(StringComparer.Ordinal).Aggregate(CommonFolder);
            if (directory.Split('/').Length < 3)
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"{who}: its notebooks ({string.Join(", ", notebooks)}) share no folder below the workspace's top ('{directory}'); "
                        + "DltDr deploys the notebooks of one folder and the folders below it (notebooks.workspaceDirectory). Move them "
                        + "under one folder, then run New-DltDrPair again. No pair was written for it.");
            }
            if (directory.StartsWith("/Repos/", StringComparison.Ordinal)
                || directory.StartsWith("/Workspace/Repos/", StringComparison.Ordinal))
            {
                warnings.Add(new DraftWarning("notebooks.workspaceDirectory",
                    $"{directory} is in a Git folder (a repo): publishing imports the notebooks into the same path in the secondary, "
                        + "which needs that Git folder there.",
                    "Clone the repository at the same path in the secondary workspace before publishing."));
            }
            // A notebook named twice is one notebook (its first place in the pipeline's order).
            return new DraftSources(directory, notebooks.Distinct(StringComparer.Ordinal).ToList(), null, others);
        }

        /// <summary>
        /// Workspace files and globs: their folder is the pipeline's root_path when every one is under
        /// it (so the code they import from it comes along), else the folder they share; each becomes
        /// an include entry relative to it.
        /// </summary>
        private static DraftSources TreeSources(PipelineInfo pipeline, string who, List<(string Path, bool Glob)> files, JArray others)
        {
            var root = pipeline.Spec?.RootPath?.TrimEnd('/');
            string directory;
            if (root != null && root.Length > 1 && files.All(f => f.Path.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                directory = root;
            }
            else
            {
                // The folder part of each: a file's parent, a glob's segments before its first wildcard.
                var folders = files.Select(f => f.Glob ? StaticPrefix(f.Path) : Parent(f.Path)).ToList();
                directory = folders.Aggregate(CommonFolder);
            }
            if (directory.Length <= 1 || directory.Split('/').Length < 3)
            {
                throw new OnboardingException(ErrorIds.UnsupportedPipelineSource,
                    $"{who}: its files and globs ({string.Join(", ", files.Select(f => f.Path))}) share no folder below the workspace's "
                        + $"top ('{directory}'); DltDr copies one folder of workspace files. Move them into one folder (or give the "
                        + "pipeline a root_path above them), then run New-DltDrPair again. No pair was written for it.");
            }
            var include = files.Select(f => f.Path.Substring(directory.Length + 1)).Distinct(StringComparer.Ordinal).ToList();
            return new DraftSources(directory, Array.Empty<string>(), include, others);
        }

        private static string StaticPrefix(string glob)
        {
            var segments = glob.Split('/');
            var kept = segments.TakeWhile(x => x.IndexOf('*') < 0 && x.IndexOf('?') < 0 && x.IndexOf('[') < 0).ToList();
            if (kept.Count == segments.Length) kept.RemoveAt(kept.Count - 1);
            var folder = string.Join("/", kept);
            return folder.Length == 0 ? "/" : folder;
        }

        private static string CommonFolder(string a, string b)
        {
            var x = a.Split('/');
            var y = b.Split('/');
            var n = 0;
            while (n < x.Length && n < y.Length && x[n] == y[n]) n++;
            var folder = string.Join("/", x.Take(n));
            return folder.Length == 0 ? "/" : folder;
        }

        /// <summary>What to do for a library DltDr keeps but does not copy, by its kind; null for a kind it cannot keep.</summary>
        private static string? What(string kind) => kind switch
        {
            "jar" => "Copy the jar to the same path in the secondary region (a volume or workspace path there) before a failover.",
            "whl" => "Copy the wheel to the same path in the secondary region before a failover.",
            "maven" => "Make sure the secondary's clusters can reach the repository that serves it.",
            _ => null,
        };

        internal static string Parent(string path)
        {
            var slash = path.LastIndexOf('/');
            return slash <= 0 ? "/" : path.Substring(0, slash);
        }

        /// <summary>The pair file for the pipeline, with the notebooks exported from its folder.</summary>
        internal static PairDraft Draft(PipelineInfo pipeline, string pair, DraftSources sources, IReadOnlyList<ExportedNotebook> notebooks,
            DraftSettings settings, List<DraftWarning> warnings, DateTimeOffset now, string? origin = null)
        {
            // Where it came from, as messages say it: the pipeline's id, or a bundle's resource.
            origin ??= pipeline.PipelineId;
            var spec = ApiJson.Write(pipeline.Spec ?? new PipelineSettings());
            var section = Pipeline(spec, settings.PrimaryHost, warnings);
            var usesCatalog = section["catalog"] != null;
            var primary = new JObject { ["host"] = Host(settings.PrimaryHost) };
            var secondary = new JObject { ["host"] = Host(settings.SecondaryHost) };
            if (!usesCatalog)
            {
                // A Hive metastore pipeline stores its data at a location of its own in each region.
                var storage = (string?)spec["storage"] ?? $"dbfs:/pipelines/{pipeline.PipelineId ?? "dltdr/" + pair}";
                primary["storage"] = storage;
                if (storage.StartsWith("dbfs:/", StringComparison.OrdinalIgnoreCase))
                {
                    secondary["storage"] = storage;
                }
                else
                {
                    secondary["storage"] = $"dbfs:/pipelines/dltdr/{pair}";
                    warnings.Add(new DraftWarning("regions.secondary.storage",
                        $"the primary stores at {storage}, in its region; the draft gives the secondary DBFS storage of its own.",
                        "Set regions.secondary.storage to a location in the secondary region before publishing."));
                }
            }
            if (settings.PrimaryAuth != null) primary["auth"] = settings.PrimaryAuth.DeepClone();
            if (settings.SecondaryAuth != null) secondary["auth"] = settings.SecondaryAuth.DeepClone();
            var catchUp = settings.CatchUp ?? new JObject
            {
                ["schedule"] = DraftSettings.DefaultSchedule,
                ["timezone"] = DraftSettings.DefaultTimeZone,
            };
            var objectives = settings.Objectives ?? new JObject
            {
                ["recoveryTime"] = DraftSettings.DefaultRecoveryTime,
                ["standbyLag"] = DraftSettings.DefaultStandbyLag,
            };
            var source = "notebooks/" + pair;
            var root = new JObject
            {
                ["name"] = pair,
                ["description"] = $"Drafted by New-DltDrPair from the pipeline '{pipeline.Name ?? pipeline.Spec?.Name}' "
                    + $"({origin}) in {Host(settings.PrimaryHost)}.",
                ["pipeline"] = section,
                // The files in the pipeline's order (its libraries come back in it), and known without the folder.
                ["notebooks"] = sources.Include == null
                    ? new JObject
                    {
                        ["source"] = source,
                        ["files"] = new JArray(notebooks.Select(n => n.RelativePath)),
                        ["workspaceDirectory"] = sources.Directory,
                    }
                    : new JObject
                    {
                        ["source"] = source,
                        ["include"] = new JArray(sources.Include),
                        ["workspaceDirectory"] = sources.Directory,
                    },
                ["catchUp"] = catchUp,
                ["objectives"] = objectives,
                ["regions"] = new JObject { ["primary"] = primary, ["secondary"] = secondary },
            };
            if (sources.OtherLibraries.Count > 0) ((JObject)root["notebooks"]!)["otherLibraries"] = sources.OtherLibraries.DeepClone();
            var catchUpText = $"{catchUp["schedule"]} ({catchUp["timezone"] ?? "UTC"})";
            var objectivesText = $"recovery {objectives["recoveryTime"] ?? "-"}, standby lag {objectives["standbyLag"] ?? "-"}";
            var json = Header(pipeline, origin, settings, now, catchUpText, settings.CatchUp == null, objectivesText,
                settings.Objectives == null, warnings) + root.ToString(Formatting.Indented) + "\n";
            var path = System.IO.Path.Combine(settings.Folder, pair + ".json");
            var folder = System.IO.Path.Combine(settings.Folder, "notebooks", pair);
            return new PairDraft(pair, pipeline.PipelineId ?? string.Empty, pipeline.Name ?? pipeline.Spec?.Name ?? pair,
                settings.PrimaryHost,
                settings.SecondaryHost, path, folder, sources.Directory, notebooks, catchUpText, settings.CatchUp == null, objectivesText,
                settings.Objectives == null, warnings, json, pipeline.State, pipeline.Spec?.Continuous == true,
                sources.Include);
        }

        /// <summary>The pair file's opening comment: where it came from, its defaults, and what to decide.</summary>
        private static string Header(PipelineInfo pipeline, string? origin, DraftSettings settings, DateTimeOffset now, string catchUp,
            bool catchUpDefault, string objectives, bool objectivesDefault, IReadOnlyList<DraftWarning> warnings)
        {
            var sb = new StringBuilder();
            sb.Append("// Drafted by New-DltDrPair on ").Append(now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(" from the pipeline '").Append(pipeline.Name ?? pipeline.Spec?.Name).Append("' (").Append(origin)
                .Append(") in ").Append(Host(settings.PrimaryHost)).Append(".\n");
            sb.Append("// Catch-up: ").Append(catchUp)
                .Append(catchUpDefault ? " (the default: set catchUp to when the standby should catch up)" : "")
                .Append(".\n");
            sb.Append("// Objectives: ").Append(objectives)
                .Append(objectivesDefault ? " (the defaults: set objectives to what DR must meet)" : "")
                .Append(".\n");
            if (warnings.Count > 0)
            {
                sb.Append("// Decide before publishing (New-DltDrPair said the same):\n");
                foreach (var w in warnings)
                {
                    sb.Append("//   ").Append(w.Field).Append(": ").Append(w.Message).Append(' ').Append(w.Remedy).Append('\n');
                }
            }
            return sb.ToString();
        }

        /// <summary>The pipeline section: the fields a pair file carries, DltDr's own tags left out; each other field said.</summary>
        private static JObject Pipeline(JObject spec, Uri primaryHost, List<DraftWarning> warnings)
        {
            var section = new JObject();
            foreach (var prop in spec.Properties())
            {
                switch (prop.Name)
                {
                    case "id":
                    case "continuous": // the live role, set by publishing and switching
                    case "libraries": // the notebooks
                    case "storage": // per region
                        continue;
                    case "tags":
                        var tags = new JObject(((prop.Value as JObject) ?? new JObject()).Properties()
                            .Where(t => !t.Name.StartsWith("dltdr-", StringComparison.Ordinal)));
                        if (tags.Count > 0) section["tags"] = tags;
                        continue;
                }
                if (PairDefinitionReader.PipelineFields.Contains(prop.Name))
                {
                    section[prop.Name] = prop.Value.DeepClone();
                    continue;
                }
                warnings.Add(new DraftWarning("pipeline." + prop.Name,
                    $"is not carried ({Short(prop.Value)}): a pair file has no such field, so the secondary's pipeline is created "
                        + "without it (the primary keeps it).",
                    $"Set {prop.Name} on the secondary's pipeline after publishing, if it needs it."));
            }
            Scan(section, primaryHost, warnings);
            return section;
        }

        /// <summary>Every carried value that names the primary region, with the override that would set the secondary's.</summary>
        private static void Scan(JObject section, Uri primaryHost, List<DraftWarning> warnings)
        {
            foreach (var key in new[] { "catalog", "schema", "target" })
            {
                if ((string?)section[key] is string value && RegionBound.RegionIn(value) is string region)
                {
                    warnings.Add(new DraftWarning($"pipeline.{key}", $"'{value}' names the region '{region}'.",
                        $"If the secondary's differs: \"regions\": {{ \"secondary\": {{ \"overrides\": {{ \"{key}\": \"<the secondary's "
                            + $"{key}>\" }} }} }}."));
                }
            }
            if ((string?)section["root_path"] is string rootPath && RegionBound.Why(rootPath, primaryHost) is string rootWhy)
            {
                warnings.Add(new DraftWarning("pipeline.root_path", $"'{rootPath}' {rootWhy}.",
                    "\"regions\": { \"secondary\": { \"overrides\": { \"root_path\": \"<the secondary's folder>\" } } }."));
            }
            if (section["configuration"] is JObject configuration)
            {
                foreach (var c in configuration.Properties())
                {
                    if ((string?)c.Value is string value && RegionBound.Why(value, primaryHost) is string why)
                    {
                        warnings.Add(new DraftWarning($"pipeline.configuration[\"{c.Name}\"]", $"'{value}' {why}.",
                            $"\"regions\": {{ \"secondary\": {{ \"overrides\": {{ \"configuration\": {{ \"{c.Name}\": \"<the secondary's "
                                + "value>\" } } } }."));
                    }
                }
            }
            if (section["clusters"] is JArray clusters)
            {
                for (var i = 0; i < clusters.Count; i++)
                {
                    if (!(clusters[i] is JObject cluster)) continue;
                    foreach (var id in new[] { "instance_pool_id", "driver_instance_pool_id", "policy_id" })
                    {
                        if ((string?)cluster[id] is string value)
                        {
                            warnings.Add(new DraftWarning($"pipeline.clusters[{i}].{id}", $"'{value}' is an id of the primary workspace.",
                                "\"regions\": { \"secondary\": { \"overrides\": { \"clusters\": [ ...every cluster, with the secondary's "
                                    + id + "... ] } } } (an override replaces the whole clusters list)."));
                        }
                    }
                    foreach (var token in cluster.Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String))
                    {
                        if (token.Path.EndsWith("_id", StringComparison.Ordinal)) continue;
                        if (RegionBound.Why((string)token.Value!, primaryHost) is string why)
                        {
                            warnings.Add(new DraftWarning($"pipeline.clusters[{i}].{token.Path}", $"'{token.Value}' {why}.",
                                "\"regions\": { \"secondary\": { \"overrides\": { \"clusters\": [ ...every cluster, with the secondary's "
                                    + "value... ] } } } (an override replaces the whole clusters list)."));
                        }
                    }
                }
            }
            if (section["environment"]?["dependencies"] is JArray dependencies)
            {
                for (var i = 0; i < dependencies.Count; i++)
                {
                    var value = (string?)dependencies[i];
                    if (value == null) continue;
                    var why = value.StartsWith("/Workspace/", StringComparison.Ordinal)
                        ? "is a file in the primary workspace: copy it to the same path in the secondary"
                        : RegionBound.Why(value, primaryHost);
                    if (why != null)
                    {
                        warnings.Add(new DraftWarning($"pipeline.environment.dependencies[{i}]", $"'{value}' {why}.",
                            "\"regions\": { \"secondary\": { \"overrides\": { \"environment\": { \"dependencies\": [ ...with the "
                                + "secondary's... ] } } } }."));
                    }
                }
            }
        }

        private static string Host(Uri host) => host.GetLeftPart(UriPartial.Authority);

        private static string Short(JToken value)
        {
            var text = value.ToString(Formatting.None);
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }
    }
}
