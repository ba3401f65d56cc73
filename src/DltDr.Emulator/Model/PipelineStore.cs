using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DltDr.Emulator.Api;
using DltDr.Emulator.Simulation;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>
    /// The Pipelines 2.0 service of one workspace: settings, updates moving through their states on
    /// the virtual clock, and the behaviour around <c>continuous</c> that DR depends on. Every public
    /// method runs under the simulation's lock.
    /// </summary>
    public sealed class PipelineStore
    {
        private static readonly string[] Editions = { "CORE", "PRO", "ADVANCED" };
        private static readonly string[] Channels = { "CURRENT", "PREVIEW" };
        private static readonly string[] LibraryKinds = { "notebook", "file", "glob", "jar", "maven", "whl" };
        private static readonly string[] WriteOnlyFields = { "allow_duplicate_names", "dry_run", "expected_last_modified", "pipeline_id" };
        private const int MaxTags = 25;
        private const int LatestUpdatesShown = 5;

        private readonly SimulationContext _sim;
        private readonly string _workspaceName;
        private readonly Dictionary<string, PipelineRecord> _pipelines = new Dictionary<string, PipelineRecord>(StringComparer.Ordinal);
        private long _eventSequence;

        public PipelineStore(SimulationContext sim, string workspaceName)
        {
            _sim = sim;
            _workspaceName = workspaceName;
        }

        /// <summary>Raised when an update reaches COMPLETED, FAILED or CANCELED (the Jobs service follows it).</summary>
        public event Action<UpdateRecord, DateTimeOffset>? UpdateEnded;

        /// <summary>Pipelines deleted so far, with whether their tables went too (cascade).</summary>
        public List<(string PipelineId, string Name, bool Cascade, DateTimeOffset At)> Deletions { get; } = new List<(string, string, bool, DateTimeOffset)>();

        public IReadOnlyCollection<PipelineRecord> All => _pipelines.Values;

        public PipelineRecord Find(string id)
            => _pipelines.TryGetValue(id, out var p) ? p : throw ApiException.NotFound($"The specified pipeline {id} was not found.");

        public PipelineRecord? TryFind(string id) => _pipelines.TryGetValue(id, out var p) ? p : null;

        // ---- create / edit / delete -------------------------------------------------------------

        public JObject Create(JObject body, string caller, DateTimeOffset now)
        {
            var id = NewUuid();
            var spec = NormalizeSpec(body, id);
            var dryRun = Json.OptBool(body, "dry_run") ?? false;
            CheckDuplicateName(spec, body, exceptId: null);
            if (dryRun)
            {
                return new JObject { ["effective_settings"] = spec };
            }

            var p = new PipelineRecord(id, spec, caller, now);
            _pipelines[id] = p;
            AddEvent(p, now, "user_action", "INFO", $"User {caller} created pipeline '{p.Name}'.", null, null);
            if (p.Continuous)
            {
                // The service starts a continuous pipeline by itself.
                StartUpdateCore(p, "USER_ACTION", new JObject(), now);
            }
            return new JObject { ["pipeline_id"] = id };
        }

        public void Edit(string id, JObject body, string caller, DateTimeOffset now)
        {
            var p = Find(id);
            var bodyId = Json.OptString(body, "id");
            if (bodyId != null && bodyId != id)
            {
                throw ApiException.InvalidParameter($"The pipeline id in the settings ({bodyId}) does not match the pipeline being edited ({id}).");
            }
            var expected = Json.OptLong(body, "expected_last_modified");
            if (expected != null && expected.Value != p.LastModified)
            {
                throw ApiException.Conflict($"The pipeline {id} was modified since it was read: expected_last_modified is {expected.Value}, the pipeline was last modified at {p.LastModified}.");
            }
            var spec = NormalizeSpec(body, id);
            var oldStorage = (string?)p.Spec["storage"];
            var newStorage = (string?)spec["storage"];
            if (oldStorage != null && newStorage != null && oldStorage != newStorage)
            {
                throw ApiException.InvalidParameter($"The storage location of a pipeline cannot be changed (from '{oldStorage}' to '{newStorage}').");
            }
            if (oldStorage != null && newStorage == null)
            {
                // A field left out of a full edit keeps the storage: it is fixed at creation.
                spec["storage"] = oldStorage;
            }
            CheckDuplicateName(spec, body, exceptId: id);

            p.Spec = spec;
            p.LastModified = Math.Max(now.ToUnixTimeMilliseconds(), p.LastModified + 1);
            AddEvent(p, now, "user_action", "INFO", $"User {caller} edited pipeline '{p.Name}'.", null, null);

            if (p.Continuous)
            {
                // Any edit of a continuous pipeline restarts it, even one that changes nothing.
                var active = p.ActiveUpdate;
                if (active != null)
                {
                    EndUpdate(p, active, "CANCELED", now, null);
                }
                StartUpdateCore(p, "USER_ACTION", new JObject(), now);
            }
            // Turning continuous off does not stop the running update: the caller must stop it.
        }

        public void Delete(string id, bool cascade, DateTimeOffset now)
        {
            var p = Find(id);
            var active = p.ActiveUpdate;
            if (active != null)
            {
                EndUpdate(p, active, "CANCELED", now, null);
            }
            _pipelines.Remove(id);
            Deletions.Add((id, p.Name, cascade, now));
        }

        // ---- reads ------------------------------------------------------------------------------

        public JObject Get(string id)
        {
            var p = Find(id);
            var o = StateInfo(p);
            o["spec"] = p.Spec.DeepClone();
            o["last_modified"] = p.LastModified;
            o["run_as"] = new JObject { ["user_name"] = p.RunAsUserName };
            return Order(o, "pipeline_id", "spec", "state", "cause", "cluster_id", "name", "health", "creator_user_name", "latest_updates", "last_modified", "run_as_user_name", "run_as");
        }

        /// <summary>The service's default is id ascending; order_by takes one of "id asc|desc" and "name asc|desc".</summary>
        public JObject List(string? filter, int? maxResults, string? pageToken, IReadOnlyList<string>? orderBy = null)
        {
            var max = maxResults ?? 25;
            if (max < 1 || max > 100)
            {
                throw ApiException.InvalidParameter($"max_results must be between 1 and 100, but got {max}.");
            }
            var match = ParseListFilter(filter);
            var order = orderBy == null || orderBy.Count == 0 ? "id asc" : orderBy.Count == 1 ? System.Text.RegularExpressions.Regex.Replace(orderBy[0].Trim().ToLowerInvariant(), @"\s+", " ") : null;
            if (order != null && !order.Contains(' ')) order += " asc";
            IEnumerable<PipelineRecord> matching = _pipelines.Values.Where(match);
            var all = (order switch
            {
                "id asc" => matching.OrderBy(p => p.Id, StringComparer.Ordinal),
                "id desc" => matching.OrderByDescending(p => p.Id, StringComparer.Ordinal),
                "name asc" => matching.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal),
                "name desc" => matching.OrderByDescending(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal),
                _ => throw ApiException.InvalidParameter($"Invalid order_by '{string.Join(",", orderBy!)}': give one of 'id asc', 'id desc', 'name asc', 'name desc'."),
            }).ToList();
            var (page, next) = Paging.Page(all, pageToken, max);
            var o = new JObject { ["statuses"] = new JArray(page.Select(StateInfo)) };
            if (next != null) o["next_page_token"] = next;
            if (page.Count == 0) o.Remove("statuses");
            return o;
        }

        public JObject GetUpdate(string id, string updateId)
        {
            var p = Find(id);
            var u = p.Updates.FirstOrDefault(x => x.Id == updateId)
                    ?? throw ApiException.NotFound($"The update {updateId} of pipeline {id} was not found.");
            return new JObject { ["update"] = UpdateInfo(u) };
        }

        public JObject ListUpdates(string id, int? maxResults, string? pageToken, string? untilUpdateId)
        {
            var p = Find(id);
            var max = maxResults ?? 25;
            if (max < 1 || max > 100)
            {
                throw ApiException.InvalidParameter($"max_results must be between 1 and 100, but got {max}.");
            }
            IEnumerable<UpdateRecord> newestFirst = Enumerable.Reverse(p.Updates);
            if (untilUpdateId != null)
            {
                var list = newestFirst.ToList();
                var at = list.FindIndex(u => u.Id == untilUpdateId);
                newestFirst = at < 0 ? list : list.Take(at + 1);
            }
            var all = newestFirst.ToList();
            var (page, next, prev) = Paging.PageBothWays(all, pageToken, max);
            var o = new JObject();
            if (page.Count > 0) o["updates"] = new JArray(page.Select(UpdateInfo));
            if (next != null) o["next_page_token"] = next;
            if (prev != null) o["prev_page_token"] = prev;
            return o;
        }

        public JObject ListEvents(string id, int? maxResults, IReadOnlyList<string> orderBy, string? filter, string? pageToken)
        {
            var p = Find(id);
            var max = maxResults ?? 25;
            if (max < 1 || max > 1000)
            {
                throw ApiException.InvalidParameter($"max_results must be between 1 and 1000, but got {max}.");
            }
            var ascending = false;
            var offset = 0;
            if (pageToken != null)
            {
                // The token carries the filter and the order of the first page: giving them again is refused.
                if (filter != null || orderBy.Count > 0) throw ApiException.InvalidParameter("page_token cannot be used together with filter or order_by: the token carries those of the first page.");
                (offset, filter, ascending) = Paging.DecodeEventToken(pageToken);
            }
            else
            {
                if (orderBy.Count > 1) throw ApiException.InvalidParameter("At most one order_by field may be given.");
                if (orderBy.Count == 1)
                {
                    var ob = orderBy[0].Trim();
                    if (ob.Equals("timestamp asc", StringComparison.OrdinalIgnoreCase)) ascending = true;
                    else if (!ob.Equals("timestamp desc", StringComparison.OrdinalIgnoreCase) && !ob.Equals("timestamp", StringComparison.OrdinalIgnoreCase))
                        throw ApiException.InvalidParameter($"Invalid order_by '{ob}': use 'timestamp asc' or 'timestamp desc'.");
                }
            }
            var match = EventFilter.Parse(filter);
            var events = p.Events.Where(match.Matches);
            var all = (ascending ? events : events.Reverse()).ToList();
            var page = all.Skip(offset).Take(max).ToList();
            var next = offset + max < all.Count ? Paging.EncodeEventToken(offset + max, filter, ascending) : null;
            var prev = offset > 0 ? Paging.EncodeEventToken(Math.Max(0, offset - max), filter, ascending) : null;
            var o = new JObject();
            if (page.Count > 0) o["events"] = new JArray(page.Select(e => EventJson(p, e)));
            if (next != null) o["next_page_token"] = next;
            if (prev != null) o["prev_page_token"] = prev;
            return o;
        }

        // ---- updates ----------------------------------------------------------------------------

        public JObject StartUpdate(string id, JObject body, DateTimeOffset now)
        {
            var p = Find(id);
            var cause = Json.OptString(body, "cause") ?? "API_CALL";
            var u = StartUpdateCore(p, cause, body, now);
            return new JObject { ["update_id"] = u.Id };
        }

        /// <summary>Starts an update, or refuses when one is already active (the active one keeps running).</summary>
        public UpdateRecord StartUpdateCore(PipelineRecord p, string cause, JObject body, DateTimeOffset now)
        {
            var active = p.ActiveUpdate;
            if (active != null)
            {
                throw ApiException.Conflict($"Cannot start a new update of pipeline {p.Id}: the update {active.Id} is still active ({active.State}).");
            }
            var fullRefresh = Json.OptBool(body, "full_refresh") ?? false;
            var refresh = Json.OptStringList(body, "refresh_selection");
            var fullRefreshSel = Json.OptStringList(body, "full_refresh_selection");
            if (fullRefresh && (refresh.Count > 0 || fullRefreshSel.Count > 0))
            {
                throw ApiException.InvalidParameter("full_refresh cannot be combined with refresh_selection or full_refresh_selection.");
            }
            var validateOnly = Json.OptBool(body, "validate_only") ?? false;
            // A validate_only update checks the graph, settings and access, processes no data, and
            // ends by itself: it never runs continuously, even in a continuous pipeline.
            var u = new UpdateRecord(NewUuid(), p.Id, cause, now, p.Continuous && !validateOnly, (JObject)p.Spec.DeepClone())
            {
                FullRefresh = fullRefresh,
                RefreshSelection = refresh,
                FullRefreshSelection = fullRefreshSel,
                ValidateOnly = validateOnly,
            };
            p.Updates.Add(u);
            AddEvent(p, now, "create_update", "INFO", $"Update {Short(u.Id)} started by {cause}.", u.Id, new JObject { ["create_update"] = new JObject { ["cause"] = cause, ["full_refresh"] = fullRefresh } });
            Progress(p, u, "QUEUED", now);

            var t = _sim.Timings;
            var at = now + t.Queued;
            Step(p, u, at, "QUEUED", "WAITING_FOR_RESOURCES");
            at += t.WaitingForResources;
            Step(p, u, at, "WAITING_FOR_RESOURCES", "INITIALIZING");
            at += t.Initializing;
            Step(p, u, at, "INITIALIZING", "SETTING_UP_TABLES");
            at += t.SettingUpTables;
            if (u.ValidateOnly)
            {
                Step(p, u, at, "SETTING_UP_TABLES", "COMPLETED");
                return u;
            }
            Step(p, u, at, "SETTING_UP_TABLES", "RUNNING");
            if (!u.Continuous)
            {
                at += t.TriggeredRun;
                Step(p, u, at, "RUNNING", "COMPLETED");
            }
            return u;
        }

        public void Stop(string id, DateTimeOffset now)
        {
            var p = Find(id);
            var active = p.ActiveUpdate;
            if (active == null || active.State == "STOPPING")
            {
                return; // Nothing active: stop does nothing.
            }
            active.Generation++;
            Progress(p, active, "STOPPING", now);
            var generation = active.Generation;
            _sim.Scheduler.At(now + _sim.Timings.Stopping, at =>
            {
                if (active.Generation == generation && active.State == "STOPPING") EndUpdate(p, active, "CANCELED", at, null);
            });
        }

        private void Step(PipelineRecord p, UpdateRecord u, DateTimeOffset at, string from, string to)
        {
            var generation = u.Generation;
            _sim.Scheduler.At(at, when =>
            {
                if (u.Generation != generation || u.State != from || !_pipelines.ContainsKey(p.Id)) return;
                if (from == "INITIALIZING" && p.FailNextUpdates > 0)
                {
                    p.FailNextUpdates--;
                    EndUpdate(p, u, "FAILED", when, "Update failed: org.apache.spark.sql.AnalysisException: injected failure (emulator fault).");
                    return;
                }
                if (to == "COMPLETED")
                {
                    EndUpdate(p, u, "COMPLETED", when, null);
                    return;
                }
                if (to == "RUNNING") u.ClusterId = "1124-000000-" + Short(u.Id);
                Progress(p, u, to, when);
            });
        }

        private void EndUpdate(PipelineRecord p, UpdateRecord u, string state, DateTimeOffset now, string? failure)
        {
            u.Generation++;
            u.EndTime = now;
            u.FailureMessage = failure;
            u.ClusterId = null;
            if (failure != null)
            {
                var error = new JObject
                {
                    ["exceptions"] = new JArray(new JObject { ["class_name"] = "org.apache.spark.sql.AnalysisException", ["message"] = failure }),
                    ["fatal"] = true,
                };
                u.State = state;
                AddEvent(p, now, "update_progress", "ERROR", $"Update {Short(u.Id)} is {state}.", u.Id, new JObject { ["update_progress"] = new JObject { ["state"] = state } }, error);
            }
            else
            {
                Progress(p, u, state, now);
            }
            UpdateEnded?.Invoke(u, now);
        }

        private void Progress(PipelineRecord p, UpdateRecord u, string state, DateTimeOffset now)
        {
            u.State = state;
            AddEvent(p, now, "update_progress", "INFO", $"Update {Short(u.Id)} is {state}.", u.Id, new JObject { ["update_progress"] = new JObject { ["state"] = state } });
        }

        // ---- shapes -----------------------------------------------------------------------------

        private static string PipelineState(PipelineRecord p)
        {
            var u = p.LatestUpdate;
            if (u == null) return "IDLE";
            switch (u.State)
            {
                case "QUEUED":
                case "CREATED":
                    return "DEPLOYING";
                case "WAITING_FOR_RESOURCES":
                case "INITIALIZING":
                case "SETTING_UP_TABLES":
                    return "STARTING";
                case "RESETTING": return "RESETTING";
                case "RUNNING": return "RUNNING";
                case "STOPPING": return "STOPPING";
                case "FAILED": return u.Continuous ? "FAILED" : "IDLE";
                default: return "IDLE";
            }
        }

        private static JObject StateInfo(PipelineRecord p)
        {
            var latest = p.LatestUpdate;
            var o = new JObject
            {
                ["pipeline_id"] = p.Id,
                ["state"] = PipelineState(p),
                ["cluster_id"] = latest?.ClusterId,
                ["name"] = p.Name,
                ["health"] = latest != null && latest.State == "FAILED" ? "UNHEALTHY" : "HEALTHY",
                ["creator_user_name"] = p.CreatorUserName,
                ["run_as_user_name"] = p.RunAsUserName,
            };
            if (latest != null)
            {
                o["cause"] = latest.Cause;
                o["latest_updates"] = new JArray(Enumerable.Reverse(p.Updates).Take(LatestUpdatesShown).Select(u => new JObject
                {
                    ["update_id"] = u.Id,
                    ["state"] = u.State,
                    ["creation_time"] = Json.IsoTime(u.CreationTime),
                }));
            }
            foreach (var prop in o.Properties().Where(x => x.Value is JValue v && v.Value == null).ToList()) prop.Remove();
            return o;
        }

        private static JObject UpdateInfo(UpdateRecord u)
        {
            var o = new JObject
            {
                ["pipeline_id"] = u.PipelineId,
                ["update_id"] = u.Id,
                ["config"] = u.Config.DeepClone(),
                ["cause"] = u.Cause,
                ["state"] = u.State,
                ["creation_time"] = u.CreationTime.ToUnixTimeMilliseconds(),
                ["full_refresh"] = u.FullRefresh,
                ["validate_only"] = u.ValidateOnly,
            };
            if (u.ClusterId != null) o["cluster_id"] = u.ClusterId;
            if (u.RefreshSelection.Count > 0) o["refresh_selection"] = new JArray(u.RefreshSelection);
            if (u.FullRefreshSelection.Count > 0) o["full_refresh_selection"] = new JArray(u.FullRefreshSelection);
            return o;
        }

        private JObject EventJson(PipelineRecord p, PipelineEventRecord e)
        {
            var origin = new JObject
            {
                ["cloud"] = "Azure",
                ["region"] = _workspaceName,
                ["pipeline_id"] = p.Id,
                ["pipeline_name"] = p.Name,
            };
            if (e.UpdateId != null) origin["update_id"] = e.UpdateId;
            var o = new JObject
            {
                ["id"] = e.Id,
                ["sequence"] = new JObject { ["control_plane_seq_no"] = e.Sequence },
                ["origin"] = origin,
                ["timestamp"] = Json.IsoTime(e.Timestamp),
                ["message"] = e.Message,
                ["level"] = e.Level,
                ["maturity_level"] = "STABLE",
                ["event_type"] = e.EventType,
            };
            if (e.Error != null) o["error"] = e.Error.DeepClone();
            if (e.Details != null) o["details"] = e.Details.DeepClone();
            return o;
        }

        private void AddEvent(PipelineRecord p, DateTimeOffset now, string type, string level, string message, string? updateId, JObject? details, JObject? error = null)
            => p.Events.Add(new PipelineEventRecord(NewUuid(), ++_eventSequence, now, type, level, message, updateId, details, error));

        // ---- settings ---------------------------------------------------------------------------

        /// <summary>Validates settings and stores them as the service answers them: write-only fields gone, edition in lower case, defaults filled in.</summary>
        private static JObject NormalizeSpec(JObject body, string id)
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
                throw ApiException.InvalidParameter("'storage' cannot be set for a pipeline that publishes to Unity Catalog ('catalog' is set).");
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
                    if (kinds.Count != 1) throw ApiException.InvalidParameter("Each library must set exactly one of notebook, file, glob, jar, maven or whl.");
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

        private static void CheckStringMap(JObject spec, string field, int max)
        {
            var map = Json.OptObject(spec, field);
            if (map == null) return;
            if (map.Count > max) throw ApiException.InvalidParameter($"At most {max} {field} are allowed, but {map.Count} were given.");
            foreach (var prop in map.Properties())
            {
                if (prop.Value.Type != JTokenType.String) throw ApiException.InvalidParameter($"The value of {field}.{prop.Name} must be a string.");
            }
        }

        private void CheckDuplicateName(JObject spec, JObject body, string? exceptId)
        {
            if (Json.OptBool(body, "allow_duplicate_names") == true) return;
            var name = (string?)spec["name"];
            var clash = _pipelines.Values.FirstOrDefault(p => p.Id != exceptId && string.Equals(p.Name, name, StringComparison.Ordinal));
            if (clash != null)
            {
                throw ApiException.Conflict($"Pipeline name '{name}' is already used by another pipeline ({clash.Id}). Set allow_duplicate_names to true to allow it.");
            }
        }

        /// <summary>One condition only: <c>name LIKE '...'</c> (% and _ wildcards) or <c>notebook='...'</c>.</summary>
        private static Func<PipelineRecord, bool> ParseListFilter(string? filter)
        {
            if (string.IsNullOrWhiteSpace(filter)) return _ => true;
            var like = Regex.Match(filter, @"^\s*name\s+LIKE\s+'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase);
            if (like.Success)
            {
                var pattern = like.Groups[1].Value.Replace("''", "'");
                var regex = new Regex("^" + string.Concat(pattern.Select(ch => ch == '%' ? ".*" : ch == '_' ? "." : Regex.Escape(ch.ToString()))) + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline);
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

        internal static string NewUuid() => Guid.NewGuid().ToString();

        private static string Short(string id) => id.Substring(0, 8);

        private static JObject Order(JObject o, params string[] names)
        {
            var ordered = new JObject();
            foreach (var n in names)
            {
                if (o[n] != null) ordered[n] = o[n];
            }
            foreach (var prop in o.Properties())
            {
                if (ordered[prop.Name] == null) ordered[prop.Name] = prop.Value;
            }
            return ordered;
        }
    }
}
