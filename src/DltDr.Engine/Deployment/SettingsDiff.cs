using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Deployment
{
    /// <summary>
    /// Compares what the definition wants with what a workspace holds, field by field. Only the
    /// fields the definition sets are compared (the rest are the workspace's own and are kept),
    /// and the service's normalisations are not differences: edition and channel case, the
    /// "default" cluster label it adds, a boolean left out versus false. Tags are a subset: the
    /// definition's and DltDr's markers must be there; tags others add (and DltDr's failover
    /// marker) are kept.
    /// </summary>
    public static class SettingsDiff
    {
        private static readonly string[] CaseInsensitive = { "edition", "channel" };
        private static readonly string[] Booleans = { "continuous", "development", "photon", "serverless" };

        public static IReadOnlyList<FieldChange> Pipeline(JObject desired, JObject current)
        {
            var changes = new List<FieldChange>();
            foreach (var prop in desired.Properties())
            {
                var have = current[prop.Name];
                if (!Same(prop.Name, prop.Value, have)) Expand(prop.Name, have, prop.Value, keepExtra: prop.Name == "tags", changes);
            }
            return changes;
        }

        /// <summary>
        /// A differing object field as the paths that differ inside it (configuration.mode, tags.team),
        /// so a reader sees which setting moved; other values are one change of the whole field.
        /// Keys only the workspace has count, except in tags, where they are others' and kept.
        /// </summary>
        private static void Expand(string path, JToken? have, JToken want, bool keepExtra, List<FieldChange> changes)
        {
            if (!(want is JObject w) || !(have is JObject h))
            {
                changes.Add(new FieldChange(path, have?.DeepClone(), want.DeepClone()));
                return;
            }
            foreach (var p in w.Properties())
            {
                if (!JToken.DeepEquals(p.Value, h[p.Name])) Expand(path + "." + p.Name, h[p.Name], p.Value, keepExtra, changes);
            }
            if (keepExtra) return;
            foreach (var p in h.Properties().Where(p => w[p.Name] == null))
            {
                changes.Add(new FieldChange(path + "." + p.Name, p.Value.DeepClone(), null));
            }
        }

        /// <summary>
        /// The edit body: everything the workspace has (fields DltDr does not know included), with the desired fields set.
        /// </summary>
        public static JObject Apply(JObject desired, JObject current)
        {
            var body = (JObject)current.DeepClone();
            foreach (var prop in desired.Properties())
            {
                if (prop.Name == "tags" && prop.Value is JObject want && body["tags"] is JObject have)
                {
                    foreach (var t in want.Properties()) have[t.Name] = t.Value.DeepClone();
                    continue;
                }
                body[prop.Name] = prop.Value.DeepClone();
            }
            return body;
        }

        /// <summary>The catch-up job's fields that differ (the ones DltDr sets), for a partial update.</summary>
        public static IReadOnlyList<FieldChange> Job(JObject desired, JObject current)
        {
            var changes = new List<FieldChange>();
            foreach (var prop in desired.Properties())
            {
                var have = current[prop.Name];
                bool same;
                if (prop.Name == "tags" && prop.Value is JObject wantTags)
                {
                    // Our marker tags must be there; tags others added are theirs.
                    same = have is JObject haveTags && wantTags.Properties().All(t => JToken.DeepEquals(t.Value, haveTags[t.Name]));
                }
                else if (prop.Name == "schedule" && prop.Value is JObject wantSchedule)
                {
                    same = have is JObject haveSchedule
                        && wantSchedule.Properties().All(f => JToken.DeepEquals(f.Value, haveSchedule[f.Name]));
                }
                else if (prop.Name == "tasks" && prop.Value is JArray wantTasks)
                {
                    same = have is JArray haveTasks && haveTasks.Count == wantTasks.Count
                        && wantTasks.Zip(haveTasks, (w, h) => (string?)w["task_key"] == (string?)h["task_key"]
                            && (string?)w["pipeline_task"]?["pipeline_id"] == (string?)h["pipeline_task"]?["pipeline_id"]
                            && ((bool?)w["pipeline_task"]?["full_refresh"] ?? false) == ((bool?)h["pipeline_task"]?["full_refresh"]
                                ?? false)).All(x => x);
                }
                else
                {
                    same = JToken.DeepEquals(prop.Value, have);
                }
                if (!same) changes.Add(new FieldChange(prop.Name, have?.DeepClone(), prop.Value.DeepClone()));
            }
            return changes;
        }

        private static bool Same(string field, JToken want, JToken? have)
        {
            if (Booleans.Contains(field)) return ((bool?)want ?? false) == (have != null && have.Type == JTokenType.Boolean && (bool)have);
            if (have == null) return false;
            if (field == "tags" && want is JObject wantTags) return have is JObject haveTags
                && wantTags.Properties().All(t => JToken.DeepEquals(t.Value, haveTags[t.Name]));
            if (CaseInsensitive.Contains(field)) return string.Equals((string?)want, (string?)have, StringComparison.OrdinalIgnoreCase);
            // A pipeline's libraries are a set: the service resolves the graph from all of them, in no order.
            if (field == "libraries" && want is JArray wantLibraries && have is JArray haveLibraries)
            {
                return wantLibraries.Select(Canonical).OrderBy(x => x, StringComparer.Ordinal)
                    .SequenceEqual(haveLibraries.Select(Canonical).OrderBy(x => x, StringComparer.Ordinal));
            }
            if (field == "clusters" && want is JArray wantClusters && have is JArray haveClusters)
            {
                return wantClusters.Count == haveClusters.Count
                    && wantClusters.Zip(haveClusters, (w, h) => SameCluster((JObject)w, h as JObject)).All(x => x);
            }
            return JToken.DeepEquals(want, have);
        }

        private static string Canonical(JToken t) => Sorted(t).ToString(Newtonsoft.Json.Formatting.None);

        private static JToken Sorted(JToken t) => t is JObject o
            ? new JObject(o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Sorted(p.Value))))
            : t is JArray a ? new JArray(a.Select(Sorted)) : t.DeepClone();

        private static bool SameCluster(JObject want, JObject? have)
        {
            if (have == null) return false;
            var w = (JObject)want.DeepClone();
            var h = (JObject)have.DeepClone();
            if (w["label"] == null) w["label"] = "default";
            if (h["label"] == null) h["label"] = "default";
            return JToken.DeepEquals(w, h);
        }
    }
}
