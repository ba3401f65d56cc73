using System;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>
    /// What the Pipelines API accepts: settings validated and stored as the service answers them,
    /// and the one-condition grammar of the list filter. Every refusal is the service's error.
    /// </summary>
    internal static class PipelineSpec
    {
        private static readonly string[] Editions = { "CORE", "PRO", "ADVANCED" };
        private static readonly string[] Channels = { "CURRENT", "PREVIEW" };
        private static readonly string[] LibraryKinds = { "notebook", "file", "glob", "jar", "maven", "whl" };
        private static readonly string[] WriteOnlyFields = { "allow_duplicate_names", "dry_run", "expected_last_modified", "pipeline_id" };
        private const int MaxTags = 25;

        /// <summary>
        /// Validates settings and stores them as the service answers them: write-only fields gone, edition in lower case, defaults filled
        /// in.
        /// </summary>
        internal static JObject Normalize(JObject body, string id)
        {
            var spec = (JObject)body.DeepClone();
            foreach (var f in WriteOnlyFields) spec.Remove(f);

            var name = Json.OptString(spec, "name");
            if (string.IsNullOrWhiteSpace(name)) throw ApiException.InvalidParameter("Pipeline name must be specified.");
            foreach (var b in new[] { "continuous", "development", "photon", "serverless" })
            {
                if (Json.OptBool(spec, b) is bool value) spec[b] = value;
            }

            var edition = Json.OptString(spec, "edition") ?? "ADVANCED";
            if (!Editions.Contains(edition.ToUpperInvariant()))
                throw ApiException.InvalidParameter($"Invalid edition '{edition}'. Allowed values: CORE, PRO, ADVANCED.");
            spec["edition"] = edition.ToLowerInvariant();

            var channel = Json.OptString(spec, "channel") ?? "CURRENT";
            if (!Channels.Contains(channel.ToUpperInvariant()))
                throw ApiException.InvalidParameter($"Invalid channel '{channel}'. Allowed values: CURRENT, PREVIEW.");
            spec["channel"] = channel.ToUpperInvariant();

            if (Json.OptString(spec, "storage") != null && Json.OptString(spec, "catalog") != null)
                throw ApiException.InvalidParameter("'storage' cannot be set for a pipeline that publishes to Unity Catalog "
                    + "('catalog' is set).");
            if (Json.OptString(spec, "target") != null && Json.OptString(spec, "schema") != null)
                throw ApiException.InvalidParameter("Only one of 'target' and 'schema' can be set.");

            CheckStringMap(spec, "configuration", int.MaxValue);
            CheckStringMap(spec, "tags", MaxTags);

            var libraries = Json.OptArray(spec, "libraries");
            if (libraries != null)
            {
                foreach (var lib in libraries)
                {
                    if (!(lib is JObject lo)) throw ApiException.Malformed("Each entry of 'libraries' must be an object.");
                    var kinds = lo.Properties().Select(x => x.Name).Where(n => LibraryKinds.Contains(n)).ToList();
                    if (kinds.Count != 1) throw ApiException.InvalidParameter("Each library must set exactly one of notebook, file, "
                        + "glob, jar, maven or whl.");
                    if ((kinds[0] == "notebook" || kinds[0] == "file") && string.IsNullOrEmpty((string?)lo[kinds[0]]?["path"]))
                        throw ApiException.InvalidParameter($"A {kinds[0]} library must have a path.");
                    if (kinds[0] == "glob" && string.IsNullOrEmpty((string?)lo["glob"]?["include"]))
                        throw ApiException.InvalidParameter("A glob library must have an include pattern.");
                }
            }

            var clusters = Json.OptArray(spec, "clusters");
            if (clusters != null)
            {
                foreach (var c in clusters.OfType<JObject>())
                {
                    if (c["label"] == null) c["label"] = "default";
                }
            }

            spec["id"] = id;
            return spec;
        }

        // ---- settings ---------------------------------------------------------------------------

        private static void CheckStringMap(JObject spec, string field, int max)
        {
            var map = Json.OptObject(spec, field);
            if (map == null) return;
            if (map.Count > max) throw ApiException.InvalidParameter($"At most {max} {field} are allowed, but {map.Count} were given.");
            foreach (var prop in map.Properties())
            {
                if (prop.Value.Type != JTokenType.String) throw ApiException.InvalidParameter($"The value of {field}.{prop.Name} "
                    + $"must be a string.");
            }
        }

        /// <summary>One condition only: <c>name LIKE '...'</c> (% and _ wildcards) or <c>notebook='...'</c>.</summary>
        internal static Func<PipelineRecord, bool> ListFilter(string? filter)
        {
            if (string.IsNullOrWhiteSpace(filter)) return _ => true;
            var like = Regex.Match(filter, @"^\s*name\s+LIKE\s+'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase);
            if (like.Success)
            {
                var pattern = like.Groups[1].Value.Replace("''", "'");
                var regex =
                    new Regex("^" + string.Concat(pattern.Select(ch => ch == '%' ? ".*" : ch == '_' ? "." : Regex.Escape(ch.ToString())))
                        + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline);
                return p => regex.IsMatch(p.Name);
            }
            var nb = Regex.Match(filter, @"^\s*notebook\s*=\s*'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase);
            if (nb.Success)
            {
                var path = nb.Groups[1].Value.Replace("''", "'");
                return p => (Json.OptArray(p.Spec, "libraries") ?? new JArray()).Any(l => (string?)l["notebook"]?["path"] == path);
            }
            if (Regex.IsMatch(filter, @"\s(AND|OR)\s", RegexOptions.IgnoreCase))
                throw ApiException.InvalidParameter($"Invalid filter '{filter}': only one condition is supported.");
            throw ApiException.InvalidParameter($"Invalid filter '{filter}': supported are name LIKE '<pattern>' and notebook='<path>'.");
        }
    }
}
