using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Reads a pair definition (JSON, comments allowed) from a file, from text or from an object,
    /// and reports every problem at once, each with the source, the field and what is allowed.
    /// </summary>
    public static class PairDefinitionReader
    {
        internal const int MaxNotebookBytes = WorkspaceService.MaxImportBytes;

        /// <summary>A definition is settings, not data: anything larger is a mistake, refused before a call is made.</summary>
        public const int MaxDefinitionBytes = 1024 * 1024;
        private static readonly Regex PairName = new Regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
        internal static readonly string[] TopLevel = { "$schema", "name", "description", "group", "dependsOn", "pipeline", "notebooks",
            "catchUp", "objectives", "regions" };
        internal static readonly string[] PipelineFields = { "name", "target", "catalog", "schema", "edition", "channel", "photon",
            "serverless", "development", "clusters", "configuration", "notifications", "tags", "root_path", "environment" };
        internal static readonly string[] RegionFields = { "host", "storage", "overrides", "auth" };
        internal static readonly string[] AuthFields = { "type", "profile", "clientId", "azureClientId", "tenantId", "useMsi",
            "workspaceResourceId" };
        internal static readonly string[] NotebookFields = { "source", "files", "include", "otherLibraries", "workspaceDirectory" };
        internal static readonly string[] CatchUpFields = { "schedule", "timezone" };
        private static readonly string[] SecretNames = { "token", "pat", "secret", "clientsecret", "client_secret", "azureclientsecret",
            "password", "accesstoken", "access_token" };
        private static readonly Regex SecretShape =
            new Regex(@"^(dapi[0-9a-f]{20,}(-\d+)?|dose[0-9a-f]{20,}|eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}.*)$");
        /// <summary>A notebook source file's extension and the workspace language it is imported as: the one table of both.</summary>
        internal static readonly Dictionary<string, string> Languages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".py"] = "PYTHON", [".sql"] = "SQL", [".scala"] = "SCALA", [".r"] = "R",
        };

        /// <summary>The extension a notebook of <paramref name="language"/> is written with (.py for one not known).</summary>
        internal static string ExtensionOf(string language)
            => Languages.FirstOrDefault(l => string.Equals(l.Value, language, StringComparison.OrdinalIgnoreCase)).Key ?? ".py";

        public static PairDefinition FromFile(string path)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw
                new PairDefinitionException(new[] { new PairProblem(full, "(file)", "The pair definition file does not exist.") });
            var size = new FileInfo(full).Length;
            if (size > MaxDefinitionBytes) throw TooLarge(full, size);
            var folder = Path.GetDirectoryName(full)!;
            return FromJson(File.ReadAllText(full), full, folder, $"the pair file's folder {folder}");
        }

        /// <summary>Reads JSON text; relative notebook paths are resolved against <paramref name="baseDirectory"/>.</summary>
        public static PairDefinition FromJson(string json, string source, string baseDirectory, string? resolvedAgainst = null)
        {
            var bytes = Encoding.UTF8.GetByteCount(json);
            if (bytes > MaxDefinitionBytes) throw TooLarge(source, bytes);
            JObject root;
            try
            {
                using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
                root = JObject.Load(reader,
                    new JsonLoadSettings { CommentHandling = CommentHandling.Ignore,
                        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error, LineInfoHandling = LineInfoHandling.Load });
            }
            catch (JsonException ex)
            {
                throw new PairDefinitionException(new[] { new PairProblem(source, "(json)", "This is not valid JSON: " + ex.Message) });
            }
            return Read(root, source, baseDirectory, resolvedAgainst);
        }

        internal static readonly string[] GroupTopLevel = { "$schema", "group", "description", "objectives", "failoverGroup" };
        internal static readonly string[] FailoverGroupFields = { "account", "accountId", "id", "regions", "auth" };

        /// <summary>
        /// Reads a group's file (GROUP.group.json beside the pair files): its name, which must be the
        /// file's, the objectives every pair of the group has unless its own definition sets one, and
        /// the account failover group it follows, if any.
        /// </summary>
        public static (Objectives Objectives, FailoverGroupLink? FailoverGroup) GroupSettings(string path, string group)
        {
            var p = new List<PairProblem>();
            void Problem(string field, string message) => p.Add(new PairProblem(path, field, message));
            JObject root;
            try
            {
                var text = File.ReadAllText(path);
                if (Encoding.UTF8.GetByteCount(text) > MaxDefinitionBytes) throw TooLarge(path, Encoding.UTF8.GetByteCount(text));
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                root = JObject.Load(reader, new JsonLoadSettings { CommentHandling = CommentHandling.Ignore,
                    DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
            }
            catch (JsonException ex)
            {
                throw new PairDefinitionException(new[] { new PairProblem(path, "(json)", "This is not valid JSON: " + ex.Message) });
            }
            Unknown(root, GroupTopLevel, string.Empty, Problem);
            // A group file holds no secret either (failoverGroup.auth names how to sign in, not with what).
            FindSecrets(root, string.Empty, Problem);
            var name = Str(root, "group", "group", Problem, required: true);
            if (name != null && !string.Equals(name, group, StringComparison.OrdinalIgnoreCase))
                Problem("group", $"The group in {Path.GetFileName(path)} must be named '{group}' (its file name), not '{name}'.");
            var objectives = Objectives.Read(root["objectives"], "objectives", "group " + group, Problem);
            var link = ReadFailoverGroup(root["failoverGroup"], Problem);
            if (p.Count > 0) throw new PairDefinitionException(p);
            return (objectives, link);
        }

        /// <summary>failoverGroup: { account, accountId, id, regions: { primary, secondary } }, each field checked.</summary>
        private static FailoverGroupLink? ReadFailoverGroup(JToken? token, Action<string, string> problem)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (!(token is JObject fg))
            {
                problem("failoverGroup",
                    "Expected an object: { \"account\", \"accountId\", \"id\", \"regions\": { \"primary\", \"secondary\" } }.");
                return null;
            }
            Unknown(fg, FailoverGroupFields, "failoverGroup", problem);
            var account = Str(fg, "account", "failoverGroup.account", problem, required: true);
            Uri? host = null;
            if (account != null && (!Uri.TryCreate(account, UriKind.Absolute, out host) || (host.Scheme != Uri.UriSchemeHttps
                && host.Scheme != Uri.UriSchemeHttp)))
            {
                problem("failoverGroup.account",
                    $"'{account}' is not the account host's URL, such as https://accounts.azuredatabricks.net.");
                host = null;
            }
            var accountId = Str(fg, "accountId", "failoverGroup.accountId", problem, required: true);
            if (accountId != null && !Guid.TryParse(accountId, out _))
            {
                problem("failoverGroup.accountId", $"'{accountId}' is not an account id (a GUID).");
            }
            var id = Str(fg, "id", "failoverGroup.id", problem, required: true);
            var auth = ReadAuth(Obj(fg, "auth", "failoverGroup.auth", problem, required: false), "failoverGroup.auth", problem);
            var regions = fg["regions"] as JObject;
            if (regions == null)
            {
                problem("failoverGroup.regions", "Missing: { \"primary\": \"<the primary's cloud region>\", \"secondary\": ... }.");
            }
            var primary = regions == null ? null : Str(regions, "primary", "failoverGroup.regions.primary", problem, required: true);
            var secondary = regions == null ? null : Str(regions, "secondary", "failoverGroup.regions.secondary", problem, required: true);
            if (primary != null && string.Equals(primary, secondary, StringComparison.OrdinalIgnoreCase))
            {
                problem("failoverGroup.regions", $"The primary and secondary are both '{primary}': name two regions.");
            }
            return host == null || accountId == null || id == null || primary == null || secondary == null ? null
                : new FailoverGroupLink(host, accountId, id, primary, secondary, auth);
        }

        private static PairDefinitionException TooLarge(string source, long bytes)
            => new PairDefinitionException(new[] {
                new PairProblem(source, "(definition)",
                    $"The definition is {bytes} bytes; at most {MaxDefinitionBytes} bytes (1 MiB) are read. A pair definition holds "
                        + $"settings only: notebooks go in notebooks.source, data stays in storage.") });

        /// <summary>
        /// Reads a definition object; a relative notebooks.source is resolved against
        /// <paramref name="baseDirectory"/>, described in messages as <paramref name="resolvedAgainst"/>.
        /// </summary>
        public static PairDefinition FromObject(JObject root, string source, string baseDirectory, string? resolvedAgainst = null)
        {
            // An object (a hashtable) has no text whose size was checked: measure it as JSON.
            var size = Encoding.UTF8.GetByteCount(root.ToString(Formatting.None));
            if (size > MaxDefinitionBytes) throw TooLarge(source, size);
            return Read(root, source, baseDirectory, resolvedAgainst);
        }

        private static PairDefinition Read(JObject root, string source, string baseDirectory, string? resolvedAgainst)
        {
            var p = new List<PairProblem>();
            void Problem(string field, string message) => p.Add(new PairProblem(source, field, message));

            FindSecrets(root, string.Empty, Problem);
            Unknown(root, TopLevel, string.Empty, Problem);

            var name = Str(root, "name", "name", Problem, required: true);
            if (name != null && !PairName.IsMatch(name)) Problem("name",
                $"'{name}' is not a valid pair name: use 1 to 64 letters, digits, '.', '-' and '_', starting with a letter or digit.");

            var group = Str(root, "group", "group", Problem, required: false);
            if (group != null && !PairName.IsMatch(group)) Problem("group",
                $"'{group}' is not a valid group name: use 1 to 64 letters, digits, '.', '-' and '_', starting with a letter or digit.");
            var dependsOn = ReadDependsOn(root["dependsOn"], name, Problem);

            var pipeline = Obj(root, "pipeline", "pipeline", Problem, required: true) ?? new JObject();
            CheckPipelineSettings(pipeline, "pipeline", Problem, isOverride: false);

            var notebooks = ReadNotebooks(Obj(root, "notebooks", "notebooks", Problem, required: true), source, baseDirectory,
                resolvedAgainst ?? $"the folder {baseDirectory}", Problem);
            var catchUp = ReadCatchUp(Obj(root, "catchUp", "catchUp", Problem, required: false), Problem);
            var objectives = Objectives.Read(root["objectives"], "objectives", "the pair", Problem);

            var regions = Obj(root, "regions", "regions", Problem, required: true) ?? new JObject();
            foreach (var prop in regions.Properties())
            {
                if (prop.Name != "primary" && prop.Name != "secondary") Problem("regions." + prop.Name,
                    "Unknown region: a pair has exactly two regions, 'primary' and 'secondary'.");
            }
            var usesCatalog = pipeline["catalog"] != null;
            var primary = ReadRegion(regions, Region.Primary, usesCatalog, Problem);
            var secondary = ReadRegion(regions, Region.Secondary, usesCatalog, Problem);
            if (primary != null && secondary != null && WorkspaceIdentity.Same(primary.Host, secondary.Host))
                Problem("regions.secondary.host",
                    $"'{secondary.Host}' is the primary's workspace ('{primary.Host}') under another name: the secondary region must "
                        + $"be another workspace.");

            if (p.Count > 0) throw new PairDefinitionException(p);
            return new PairDefinition(name!, source, pipeline, notebooks!, catchUp, primary!, secondary!, group, dependsOn, objectives);
        }

        private static void CheckPipelineSettings(JObject settings, string at, Action<string, string> problem, bool isOverride)
        {
            foreach (var prop in settings.Properties())
            {
                var field = at + "." + prop.Name;
                switch (prop.Name)
                {
                    case "storage":
                        problem(field, "The storage location is set per region: use regions.<region>.storage.");
                        continue;
                    case "continuous":
                        problem(field,
                            "Whether a pipeline runs continuously follows its live role (active or standby); it is not part of the "
                                + "definition.");
                        continue;
                    case "libraries":
                        problem(field, "The pipeline's libraries are the pair's notebooks: list them under notebooks.");
                        continue;
                    case "id":
                        problem(field, "A pipeline id is found in each workspace, not written in the definition.");
                        continue;
                }
                if (!PipelineFields.Contains(prop.Name) || (isOverride && prop.Name == "name"))
                {
                    problem(field, $"Unknown field. Allowed: {string.Join(", ", PipelineFields.Where(f => !isOverride || f != "name"))}.");
                    continue;
                }
                var v = prop.Value;
                switch (prop.Name)
                {
                    case "name":
                    case "target":
                    case "catalog":
                    case "schema":
                        if (v.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)v)) problem(field,
                            "Expected a non-empty string.");
                        break;
                    case "root_path":
                        if (v.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)v)) problem(field,
                            "Expected a non-empty string.");
                        else if (WorkspacePathProblem((string)v!, "/Shared/dltdr/sales") is string rootProblem) problem(field, rootProblem);
                        break;
                    case "edition":
                        if (v.Type != JTokenType.String
                            || !new[] { "CORE", "PRO",
                                "ADVANCED" }.Contains(((string?)v ?? string.Empty).ToUpperInvariant())) problem(field,
                                    "Expected CORE, PRO or ADVANCED.");
                        break;
                    case "channel":
                        if (v.Type != JTokenType.String
                            || !new[] { "CURRENT", "PREVIEW" }.Contains(((string?)v ?? string.Empty).ToUpperInvariant())) problem(field,
                                "Expected CURRENT or PREVIEW.");
                        break;
                    case "photon":
                    case "serverless":
                    case "development":
                        if (v.Type != JTokenType.Boolean) problem(field, "Expected true or false.");
                        break;
                    case "clusters":
                    case "notifications":
                        if (!(v is JArray arr) || arr.Any(x => x.Type != JTokenType.Object)) problem(field,
                            "Expected an array of objects.");
                        break;
                    case "configuration":
                    case "tags":
                        if (!(v is JObject map) || map.Properties().Any(x => x.Value.Type != JTokenType.String)) problem(field,
                            "Expected an object whose values are strings.");
                        else if (prop.Name == "tags" && map.Count > 24) problem(field,
                            $"At most 24 tags: the service allows 25 and DltDr adds its own marker tag ({map.Count} given).");
                        break;
                    case "environment":
                        if (v.Type != JTokenType.Object) problem(field, "Expected an object.");
                        break;
                }
            }
            if (!isOverride)
            {
                if (settings["name"] == null) problem(at + ".name", "Missing: the pipeline's name in both workspaces.");
                if (settings["target"] != null && (settings["catalog"] != null || settings["schema"] != null)) problem(at + ".target",
                    "Use either target (Hive metastore) or catalog and schema (Unity Catalog), not both.");
                if ((settings["catalog"] == null) != (settings["schema"] == null) && settings["target"] == null) problem(at
                    + (settings["catalog"] == null ? ".catalog" : ".schema"), "Unity Catalog pipelines need both catalog and schema.");
            }
        }

        private static NotebookSet? ReadNotebooks(JObject? nb, string definitionSource, string baseDirectory, string resolvedAgainst,
            Action<string, string> problem)
        {
            if (nb == null) return null;
            Unknown(nb, NotebookFields, "notebooks", problem);
            var source = Str(nb, "source", "notebooks.source", problem, required: true);
            var dir = Str(nb, "workspaceDirectory", "notebooks.workspaceDirectory", problem, required: true);
            var dirProblem = dir == null ? null : WorkspacePathProblem(dir, "/Shared/dltdr/sales");
            if (dirProblem != null) problem("notebooks.workspaceDirectory", dirProblem);
            List<string>? listed = null;
            var files = nb["files"];
            if (files != null)
            {
                if (files is JArray arr && arr.Count > 0
                    && arr.All(x => x.Type == JTokenType.String && !string.IsNullOrWhiteSpace((string?)x)))
                {
                    listed = arr.Select(x => ((string)x!).Trim()).ToList();
                    foreach (var n in listed)
                    {
                        if (n.IndexOf('\\') >= 0 || n.StartsWith("/", StringComparison.Ordinal) || Path.IsPathRooted(n)
                            || n.Split('/').Any(x => x.Length == 0 || x == "." || x == ".."))
                            problem("notebooks.files", $"'{n}' must be a file in notebooks.source: a name, or a path below it with '/' "
                                + "between folders and no '.', '..' or empty segment.");
                        else if (!Languages.ContainsKey(Path.GetExtension(n)))
                            problem("notebooks.files", $"'{n}': notebooks are .py, .sql, .scala or .r files.");
                    }
                    var clash = listed.GroupBy(NotebookSet.WithoutExtension, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                    if (clash != null) problem("notebooks.files",
                        $"Two files would become the same notebook {clash.Key}: {string.Join(", ", clash)}.");
                }
                else
                {
                    problem("notebooks.files", "Expected a non-empty array of file names.");
                }
            }
            var include = ReadInclude(nb["include"], problem);
            var others = ReadOtherLibraries(nb["otherLibraries"], problem);
            if (include != null && files != null) problem("notebooks.include",
                "Give either files (notebooks) or include (a folder of workspace files and the globs the pipeline runs), not both.");
            if (source == null || dir == null || dirProblem != null) return null;
            var expanded = source == "~" || source.StartsWith("~/", StringComparison.Ordinal)
                || source.StartsWith("~\\", StringComparison.Ordinal)
                ? ProcessEnvironment.Instance.HomeDirectory + source.Substring(1)
                : source;
            string folder;
            try
            {
                folder = Path.GetFullPath(Path.Combine(baseDirectory, expanded));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                problem("notebooks.source", $"'{source}' is not a usable folder path: {ex.Message}");
                return null;
            }
            return new NotebookSet(definitionSource, source, folder, resolvedAgainst, dir.TrimEnd('/'), listed, include, others);
        }

        /// <summary>
        /// notebooks.otherLibraries: libraries DltDr does not copy but keeps in the pipeline in both
        /// regions, as the service writes them: {"jar": path}, {"whl": path} or {"maven": {"coordinates"}}.
        /// </summary>
        private static JArray? ReadOtherLibraries(JToken? token, Action<string, string> problem)
        {
            if (token == null) return null;
            const string Allowed = "Expected an array of libraries, each {\"jar\": path}, {\"whl\": path} or "
                + "{\"maven\": {\"coordinates\": \"group:artifact:version\"}}.";
            if (!(token is JArray arr))
            {
                problem("notebooks.otherLibraries", Allowed);
                return null;
            }
            for (var i = 0; i < arr.Count; i++)
            {
                var lib = arr[i] as JObject;
                var prop = lib?.Properties().SingleOrDefault();
                var ok = lib != null && lib.Count == 1 && prop != null && (prop.Name == "jar" || prop.Name == "whl"
                    ? prop.Value.Type == JTokenType.String && !string.IsNullOrWhiteSpace((string?)prop.Value)
                    : prop.Name == "maven" && prop.Value is JObject maven && !string.IsNullOrWhiteSpace((string?)maven["coordinates"]));
                if (!ok) problem($"notebooks.otherLibraries[{i}]", Allowed);
            }
            return arr;
        }

        /// <summary>
        /// notebooks.include: what the pipeline runs from the folder of workspace files, each relative
        /// to the workspace directory; an entry with a wildcard is a glob library, any other a file.
        /// </summary>
        private static IReadOnlyList<string>? ReadInclude(JToken? token, Action<string, string> problem)
        {
            if (token == null) return null;
            if (!(token is JArray arr) || arr.Count == 0
                || arr.Any(x => x.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)x)))
            {
                problem("notebooks.include", "Expected a non-empty array of paths relative to notebooks.workspaceDirectory, such as "
                    + "[\"transformations/**\"].");
                return null;
            }
            var entries = arr.Select(x => ((string)x!).Trim()).ToList();
            foreach (var e in entries)
            {
                if (e.StartsWith("/", StringComparison.Ordinal) || e.IndexOf('\\') >= 0
                    || e.Split('/').Any(x => x.Length == 0 || x == "." || x == ".."))
                {
                    problem("notebooks.include", $"'{e}' must be a path relative to notebooks.workspaceDirectory, with '/' between "
                        + "folders and no '.', '..' or empty segment, such as transformations/** or utilities/helpers.py.");
                }
            }
            var twice = entries.GroupBy(e => e, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (twice != null) problem("notebooks.include", $"'{twice.Key}' is named twice.");
            return entries;
        }

        /// <summary>The pairs this one reads from: they must run in a region before this one is made active there.</summary>
        private static IReadOnlyList<string> ReadDependsOn(JToken? token, string? self, Action<string, string> problem)
        {
            if (token == null || token.Type == JTokenType.Null) return Array.Empty<string>();
            if (!(token is JArray arr) || arr.Any(x => x.Type != JTokenType.String))
            {
                problem("dependsOn", "Expected an array of pair names, such as [\"bronze\"].");
                return Array.Empty<string>();
            }
            var names = arr.Select(x => ((string)x!).Trim()).ToList();
            foreach (var n in names.Where(n => !PairName.IsMatch(n))) problem("dependsOn", $"'{n}' is not a valid pair name.");
            if (self != null && names.Contains(self, StringComparer.OrdinalIgnoreCase)) problem("dependsOn",
                $"A pair cannot depend on itself ('{self}').");
            var twice = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (twice != null) problem("dependsOn", $"'{twice.Key}' is named twice.");
            return names;
        }

        /// <summary>
        /// A workspace path DltDr writes under must be absolute and plain: no '.' or '..' segment
        /// (which would let a definition reach another user's folder) and no empty segment.
        /// </summary>
        internal static string? WorkspacePathProblem(string path, string example)
        {
            if (!path.StartsWith("/", StringComparison.Ordinal) || path.TrimEnd('/').Length < 2)
                return $"'{path}' must be an absolute workspace path such as {example}.";
            var segments = path.TrimEnd('/').Substring(1).Split('/');
            if (segments.Any(x => x == "." || x == ".."))
                return $"'{path}' must not contain '.' or '..' segments: give the folder itself, such as {example}.";
            if (segments.Any(x => x.Length == 0))
                return $"'{path}' must not contain an empty segment ('//').";
            if (path.IndexOf('\\') >= 0)
                return $"'{path}' must use '/' between folders, not '\\\\'.";
            return null;
        }

        private static CatchUpSchedule ReadCatchUp(JObject? c, Action<string, string> problem)
        {
            if (c == null) return new CatchUpSchedule(CatchUpSchedule.NightlyCron, "UTC");
            Unknown(c, CatchUpFields, "catchUp", problem);
            var cron = Str(c, "schedule", "catchUp.schedule", problem, required: false) ?? CatchUpSchedule.NightlyCron;
            var tz = Str(c, "timezone", "catchUp.timezone", problem, required: false) ?? "UTC";
            var cronError = QuartzCron.Validate(cron);
            if (cronError != null) problem("catchUp.schedule", $"'{cron}' is not a valid Quartz cron expression: {cronError}.");
            var zone = TimeZones.Find(tz);
            if (zone == null)
            {
                problem("catchUp.timezone",
                    $"'{tz}' is not a known time zone: use an IANA name such as UTC or Europe/Amsterdam, or a Windows name such as "
                        + $"W. Europe Standard Time.");
                return new CatchUpSchedule(cron, "UTC");
            }
            return new CatchUpSchedule(cron, zone.Value);
        }

        private static RegionDefinition? ReadRegion(JObject regions, Region region, bool usesCatalog, Action<string, string> problem)
        {
            var key = Regions.Name(region);
            var at = "regions." + key;
            var r = Obj(regions, key, at, problem, required: true);
            if (r == null) return null;
            Unknown(r, RegionFields, at, problem);
            var hostText = Str(r, "host", at + ".host", problem, required: true);
            Uri? host = null;
            if (hostText != null)
            {
                if (!Uri.TryCreate(hostText, UriKind.Absolute, out var parsed))
                {
                    problem(at + ".host",
                        $"'{hostText}' is not a URL: use the workspace URL, such as https://adb-1234567890123456.7.azuredatabricks.net.");
                }
                else
                {
                    try
                    {
                        host = WorkspaceHost.Validate(parsed);
                    }
                    catch (ArgumentException ex)
                    {
                        problem(at + ".host", ex.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0]);
                    }
                }
            }
            var storage = Str(r, "storage", at + ".storage", problem, required: false);
            if (storage == null && !usesCatalog) problem(at + ".storage",
                "Missing: the storage location of the pipeline in this region (or use catalog and schema for Unity Catalog).");
            if (storage != null && usesCatalog) problem(at + ".storage",
                "A Unity Catalog pipeline (catalog and schema) has no storage location.");
            var overrides = Obj(r, "overrides", at + ".overrides", problem, required: false) ?? new JObject();
            CheckPipelineSettings(overrides, at + ".overrides", problem, isOverride: true);
            var auth = ReadAuth(Obj(r, "auth", at + ".auth", problem, required: false), at + ".auth", problem);
            return host == null ? null : new RegionDefinition(region, host, storage, overrides, auth);
        }

        private static AuthSettings ReadAuth(JObject? a, string at, Action<string, string> problem)
        {
            var settings = new AuthSettings();
            if (a == null) return settings;
            Unknown(a, AuthFields, at, problem);
            settings.AuthType = Str(a, "type", at + ".type", problem, required: false);
            if (settings.AuthType != null && !CredentialResolver.Methods.Contains(settings.AuthType))
                problem(at + ".type",
                    $"Unknown auth type '{settings.AuthType}'. Allowed: {string.Join(", ", CredentialResolver.Methods)}.");
            settings.Profile = Str(a, "profile", at + ".profile", problem, required: false);
            settings.ClientId = Str(a, "clientId", at + ".clientId", problem, required: false);
            settings.AzureClientId = Str(a, "azureClientId", at + ".azureClientId", problem, required: false);
            settings.AzureTenantId = Str(a, "tenantId", at + ".tenantId", problem, required: false);
            settings.AzureWorkspaceResourceId = Str(a, "workspaceResourceId", at + ".workspaceResourceId", problem, required: false);
            if (a["useMsi"] != null)
            {
                if (a["useMsi"]!.Type != JTokenType.Boolean) problem(at + ".useMsi", "Expected true or false.");
                else settings.AzureUseMsi = (bool)a["useMsi"]!;
            }
            return settings;
        }

        /// <summary>A secret anywhere is refused, with where to put it instead.</summary>
        private static void FindSecrets(JToken token, string at, Action<string, string> problem)
        {
            switch (token)
            {
                case JObject o:
                    foreach (var prop in o.Properties())
                    {
                        var field = at.Length == 0 ? prop.Name : at + "." + prop.Name;
                        if (SecretNames.Contains(prop.Name.ToLowerInvariant()))
                        {
                            problem(field,
                                "A secret must never be in a pair definition. Put it in the environment (DATABRICKS_TOKEN, "
                                    + "DATABRICKS_CLIENT_SECRET, ARM_CLIENT_SECRET), in a ~/.databrickscfg profile named by "
                                        + "auth.profile, or pass it when you run the command (-Token).");
                            continue;
                        }
                        FindSecrets(prop.Value, field, problem);
                    }
                    break;
                case JArray arr:
                    for (var i = 0; i < arr.Count; i++) FindSecrets(arr[i], $"{at}[{i}]", problem);
                    break;
                case JValue v when v.Type == JTokenType.String && SecretShape.IsMatch((string)v!):
                    problem(at,
                        "This value looks like a token or secret, which must never be in a pair definition. Use the environment, a "
                            + "~/.databrickscfg profile, or -Token.");
                    break;
            }
        }

        private static void Unknown(JObject o, string[] allowed, string at, Action<string, string> problem)
        {
            foreach (var prop in o.Properties())
            {
                if (allowed.Contains(prop.Name) || SecretNames.Contains(prop.Name.ToLowerInvariant())) continue;
                problem(at.Length == 0 ? prop.Name : at + "." + prop.Name,
                    $"Unknown field. Allowed here: {string.Join(", ", allowed.Where(a => a != "$schema"))}.");
            }
        }

        private static string? Str(JObject o, string key, string field, Action<string, string> problem, bool required)
        {
            var t = o[key];
            if (t == null || t.Type == JTokenType.Null)
            {
                if (required) problem(field, "Missing.");
                return null;
            }
            if (t.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)t))
            {
                problem(field, "Expected a non-empty string.");
                return null;
            }
            return ((string)t!).Trim();
        }

        private static JObject? Obj(JObject o, string key, string field, Action<string, string> problem, bool required)
        {
            var t = o[key];
            if (t == null || t.Type == JTokenType.Null)
            {
                if (required) problem(field, "Missing.");
                return null;
            }
            if (t is JObject obj) return obj;
            problem(field, "Expected an object.");
            return null;
        }
    }
}
