using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>The Workspace 2.0 service: directories and notebooks, imported and exported as the service does.</summary>
    public sealed class WorkspaceTree
    {
        public const int MaxImportBytes = 10 * 1024 * 1024;
        private static readonly string[] Languages = { "PYTHON", "SQL", "SCALA", "R" };
        private static readonly string[] Formats = { "SOURCE", "AUTO", "JUPYTER", "HTML", "DBC", "R_MARKDOWN", "RAW" };

        private readonly Dictionary<string, WorkspaceObject> _objects = new Dictionary<string, WorkspaceObject>(StringComparer.Ordinal);
        private long _nextId;

        public WorkspaceTree(Random random, DateTimeOffset now)
        {
            _nextId = 1_000_000_000_000_000 + random.Next(1, 900_000) * 1000L;
            foreach (var dir in new[] { "/", "/Users", "/Shared", "/Repos" }) Add(dir, "DIRECTORY", now);
        }

        public WorkspaceObject? TryGet(string path) => _objects.TryGetValue(Normalize(path), out var o) ? o : null;

        public void Mkdirs(JObject body, DateTimeOffset now)
        {
            var path = RequiredPath(body);
            var current = string.Empty;
            foreach (var part in path.Split('/').Where(p => p.Length > 0))
            {
                current += "/" + part;
                if (_objects.TryGetValue(current, out var existing))
                {
                    if (existing.ObjectType != "DIRECTORY")
                        throw new ApiException(System.Net.HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
                            $"Cannot create directory {path}: the path {current} exists and is not a directory.");
                    continue;
                }
                Add(current, "DIRECTORY", now);
            }
        }

        /// <summary>The JSON form: the content base64 encoded in the body.</summary>
        public void Import(JObject body, DateTimeOffset now)
        {
            var path = RequiredPath(body);
            byte[] content;
            try
            {
                content = Convert.FromBase64String(Json.OptString(body, "content") ?? string.Empty);
            }
            catch (FormatException)
            {
                throw ApiException.InvalidParameter("The content must be base64 encoded.");
            }
            Import(path, Json.OptString(body, "format"), Json.OptString(body, "language"), Json.OptBool(body, "overwrite") ?? false,
                content, now);
        }

        /// <summary>
        /// The multipart/form-data form, as the SDKs' workspace upload sends it: the fields path,
        /// format, language and overwrite, and the file in the part named content.
        /// </summary>
        public void Import(IReadOnlyDictionary<string, string> fields, byte[]? file, DateTimeOffset now)
        {
            var path = RequiredPath(fields.TryGetValue("path", out var p) ? p : null);
            var overwrite = false;
            if (fields.TryGetValue("overwrite", out var o) && !bool.TryParse(o, out overwrite))
                throw ApiException.InvalidParameter($"Invalid value '{o}' for overwrite: expected true or false.");
            if (file == null) throw ApiException.InvalidParameter("Missing required field: content (the file part of the form).");
            Import(path, fields.TryGetValue("format", out var f) ? f : null, fields.TryGetValue("language", out var l) ? l : null,
                overwrite, file, now);
        }

        /// <summary>Either form (JSON, or multipart/form-data as the SDKs' upload sends it): the same rules and limits.</summary>
        public void Import(string path, string? formatName, string? languageName, bool overwrite, byte[] content, DateTimeOffset now)
        {
            var format = (formatName ?? "SOURCE").ToUpperInvariant();
            if (!Formats.Contains(format)) throw ApiException.InvalidParameter($"Invalid format '{format}'. Allowed values: "
                + $"{string.Join(", ", Formats)}.");
            var language = languageName?.ToUpperInvariant();
            if (language != null
                && !Languages.Contains(language)) throw ApiException.InvalidParameter($"Invalid language '{language}'. Allowed "
                    + $"values: PYTHON, SQL, SCALA, R.");
            if (content.Length > MaxImportBytes)
            {
                throw new ApiException(System.Net.HttpStatusCode.BadRequest, "MAX_NOTEBOOK_SIZE_EXCEEDED",
                    $"File size imported is ({content.Length} bytes), exceeded max size ({MaxImportBytes} bytes)");
            }

            var objectType = "NOTEBOOK";
            if (format == "SOURCE")
            {
                if (language == null) throw ApiException.InvalidParameter("The language field is required when format is SOURCE.");
            }
            else if (format == "AUTO")
            {
                // AUTO: a source file with the notebook header becomes a notebook without its extension; anything else a file.
                var detected = LanguageFromExtension(path);
                if (detected != null && StartsWithNotebookHeader(content, detected))
                {
                    language = detected;
                    path = path.Substring(0, path.LastIndexOf('.'));
                }
                else
                {
                    objectType = "FILE";
                    language = null;
                }
            }
            else if (format == "RAW")
            {
                objectType = "FILE";
                language = null;
            }
            else if (format == "JUPYTER")
            {
                language ??= "PYTHON";
            }

            var parent = ParentOf(path);
            if (!_objects.TryGetValue(parent, out var parentObj) || parentObj.ObjectType != "DIRECTORY")
                throw ApiException.NotFound($"The parent folder ({parent}) does not exist.");
            if (_objects.TryGetValue(path, out var existing))
            {
                if (!overwrite) throw
                    new ApiException(System.Net.HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", $"Path ({path}) already exists.");
                if (existing.ObjectType == "DIRECTORY") throw
                    new ApiException(System.Net.HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
                        $"Path ({path}) is a directory and cannot be overwritten.");
                if (existing.ObjectType != objectType) _objects.Remove(path);
            }
            if (!_objects.TryGetValue(path, out var target))
            {
                target = Add(path, objectType, now);
            }
            target.Language = language;
            target.Content = content;
            target.ModifiedAt = now;
        }

        public JObject GetStatus(string? path)
        {
            var o = Find(path);
            return StatusJson(o);
        }

        /// <summary>direct_download=true: the bytes themselves, as the export answer's content would decode to.</summary>
        public byte[] ExportBytes(string? path, string? format) => Convert.FromBase64String((string)Export(path, format)["content"]!);

        public JObject Export(string? path, string? format)
        {
            var o = Find(path);
            var fmt = (format ?? "SOURCE").ToUpperInvariant();
            if (o.ObjectType == "DIRECTORY")
            {
                if (fmt != "DBC"
                    && fmt != "AUTO") throw ApiException.InvalidParameter($"Cannot export the directory {o.Path} in format {fmt}: "
                        + $"only DBC is supported for directories.");
                return new JObject { ["content"] = string.Empty, ["file_type"] = "dbc" };
            }
            if (o.ObjectType == "FILE")
            {
                return new JObject { ["content"] = Convert.ToBase64String(o.Content), ["file_type"] = ExtensionOf(o.Path) ?? string.Empty };
            }
            if (fmt != "SOURCE" && fmt != "AUTO" && fmt != "JUPYTER")
                throw ApiException.InvalidParameter($"Export format {fmt} is not supported by this emulator.");
            // A notebook exported as SOURCE always starts with the notebook header line.
            var text = Encoding.UTF8.GetString(o.Content);
            var header = NotebookHeader(o.Language ?? "PYTHON");
            if (!text.StartsWith(header, StringComparison.Ordinal)) text = header + "\n" + text;
            return new JObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), ["file_type"] = FileType(o.Language) };
        }

        public void Delete(JObject body)
        {
            var path = RequiredPath(body);
            var recursive = Json.OptBool(body, "recursive") ?? false;
            var o = Find(path);
            if (o.Path == "/") throw ApiException.InvalidParameter("The root folder cannot be deleted.");
            var children = _objects.Keys.Where(k => k.StartsWith(o.Path + "/", StringComparison.Ordinal)).ToList();
            if (o.ObjectType == "DIRECTORY" && children.Count > 0 && !recursive)
                throw new ApiException(System.Net.HttpStatusCode.BadRequest, "DIRECTORY_NOT_EMPTY", $"Folder ({o.Path}) is not empty");
            foreach (var c in children) _objects.Remove(c);
            _objects.Remove(o.Path);
        }

        public JObject List(string? path)
        {
            var dir = Find(path);
            if (dir.ObjectType != "DIRECTORY") return new JObject { ["objects"] = new JArray(StatusJson(dir)) };
            var prefix = dir.Path == "/" ? "/" : dir.Path + "/";
            var children = _objects.Values
                .Where(o => o.Path != "/" && o.Path.StartsWith(prefix, StringComparison.Ordinal) && o.Path.IndexOf('/', prefix.Length) < 0)
                .OrderBy(o => o.Path, StringComparer.Ordinal).Select(StatusJson).ToList();
            var result = new JObject();
            if (children.Count > 0) result["objects"] = new JArray(children);
            return result;
        }

        private static JObject StatusJson(WorkspaceObject o)
        {
            var j = new JObject
            {
                ["object_type"] = o.ObjectType,
                ["path"] = o.Path,
                ["object_id"] = o.ObjectId,
                ["created_at"] = o.CreatedAt.ToUnixTimeMilliseconds(),
                ["modified_at"] = o.ModifiedAt.ToUnixTimeMilliseconds(),
                ["resource_id"] = o.ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (o.Language != null) j["language"] = o.Language;
            if (o.ObjectType == "FILE") j["size"] = o.Content.Length;
            return j;
        }

        private WorkspaceObject Add(string path, string type, DateTimeOffset now)
        {
            var o = new WorkspaceObject(path, type, _nextId++, now);
            _objects[path] = o;
            return o;
        }

        private WorkspaceObject Find(string? path)
        {
            if (string.IsNullOrEmpty(path)) throw ApiException.InvalidParameter("Missing required field: path");
            CheckAbsolute(path!);
            return _objects.TryGetValue(Normalize(path!), out var o) ? o : throw ApiException.NotFound($"Path ({path}) doesn't exist.");
        }

        private static string RequiredPath(JObject body) => RequiredPath(Json.OptString(body, "path"));

        private static string RequiredPath(string? path)
        {
            if (string.IsNullOrEmpty(path)) throw ApiException.InvalidParameter("Missing required field: path");
            CheckAbsolute(path!);
            return Normalize(path!);
        }

        private static void CheckAbsolute(string path)
        {
            if (!path.StartsWith("/",
                StringComparison.Ordinal)) throw ApiException.InvalidParameter($"Path ({path}) doesn't start with '/'");
        }

        private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

        private static string ParentOf(string path)
        {
            var i = path.LastIndexOf('/');
            return i <= 0 ? "/" : path.Substring(0, i);
        }

        private static string? ExtensionOf(string path)
        {
            var slash = path.LastIndexOf('/');
            var dot = path.LastIndexOf('.');
            return dot > slash ? path.Substring(dot + 1) : null;
        }

        private static string? LanguageFromExtension(string path) => ExtensionOf(path)?.ToLowerInvariant() switch
        {
            "py" => "PYTHON",
            "sql" => "SQL",
            "scala" => "SCALA",
            "r" => "R",
            _ => null,
        };

        private static string FileType(string? language) => language switch
        {
            "SQL" => "sql",
            "SCALA" => "scala",
            "R" => "r",
            _ => "py",
        };

        public static string NotebookHeader(string language) => language switch
        {
            "SQL" => "-- Databricks notebook source",
            "SCALA" => "// Databricks notebook source",
            _ => "# Databricks notebook source",
        };

        private static bool StartsWithNotebookHeader(byte[] content, string language)
        {
            var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
            return text.StartsWith(NotebookHeader(language), StringComparison.Ordinal);
        }
    }
}
