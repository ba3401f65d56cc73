using System;
using System.Collections.Generic;
using System.Linq;
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

        private readonly SimulationContext _sim;
        private readonly string _workspaceName;
        private readonly Dictionary<string, PipelineRecord> _pipelines = new Dictionary<string, PipelineRecord>(StringComparer.Ordinal);
        private readonly UpdateLifecycle _lifecycle;
        private long _eventSequence;

        public PipelineStore(SimulationContext sim, string workspaceName)
        {
            _sim = sim;
            _workspaceName = workspaceName;
            _lifecycle = new UpdateLifecycle(sim, this);
        }

        /// <summary>Raised when an update reaches COMPLETED, FAILED or CANCELED (the Jobs service follows it).</summary>
        public event Action<UpdateRecord, DateTimeOffset>? UpdateEnded;

        internal void RaiseUpdateEnded(UpdateRecord update, DateTimeOffset now) => UpdateEnded?.Invoke(update, now);

        /// <summary>Cancels the active update; does nothing when none is active.</summary>
        public void Stop(string id, DateTimeOffset now) => _lifecycle.Stop(Find(id), now);

        /// <summary>Starts an update, or refuses when one is already active (the active one keeps running).</summary>
        public UpdateRecord StartUpdateCore(PipelineRecord p, string cause, JObject body, DateTimeOffset now)
            => _lifecycle.Start(p, cause, body, now);

        /// <summary>Pipelines deleted so far, with whether their tables went too (cascade).</summary>
        public List<(string PipelineId, string Name, bool Cascade, DateTimeOffset At)> Deletions { get; } =
            new List<(string, string, bool, DateTimeOffset)>();

        public IReadOnlyCollection<PipelineRecord> All => _pipelines.Values;

        public PipelineRecord Find(string id)
            => _pipelines.TryGetValue(id, out var p) ? p : throw ApiException.NotFound($"The specified pipeline {id} was not found.");

        public PipelineRecord? TryFind(string id) => _pipelines.TryGetValue(id, out var p) ? p : null;

        // ---- create / edit / delete -------------------------------------------------------------

        public JObject Create(JObject body, string caller, DateTimeOffset now)
        {
            var id = NewUuid();
            var spec = PipelineSpec.Normalize(body, id);
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
                _lifecycle.Start(p, "USER_ACTION", new JObject(), now);
            }
            return new JObject { ["pipeline_id"] = id };
        }

        public void Edit(string id, JObject body, string caller, DateTimeOffset now)
        {
            var p = Find(id);
            var bodyId = Json.OptString(body, "id");
            if (bodyId != null && bodyId != id)
            {
                throw ApiException.InvalidParameter($"The pipeline id in the settings ({bodyId}) does not match the pipeline being "
                    + $"edited ({id}).");
            }
            var expected = Json.OptLong(body, "expected_last_modified");
            if (expected != null && expected.Value != p.LastModified)
            {
                throw ApiException.Conflict($"The pipeline {id} was modified since it was read: expected_last_modified is "
                    + $"{expected.Value}, the pipeline was last modified at {p.LastModified}.");
            }
            var spec = PipelineSpec.Normalize(body, id);
            var oldStorage = (string?)p.Spec["storage"];
            var newStorage = (string?)spec["storage"];
            if (oldStorage != null && newStorage != null && oldStorage != newStorage)
            {
                throw ApiException.InvalidParameter($"The storage location of a pipeline cannot be changed (from '{oldStorage}' to "
                    + $"'{newStorage}').");
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
                    _lifecycle.End(p, active, "CANCELED", now, null);
                }
                _lifecycle.Start(p, "USER_ACTION", new JObject(), now);
            }
            // Turning continuous off does not stop the running update: the caller must stop it.
        }

        public void Delete(string id, bool cascade, DateTimeOffset now)
        {
            var p = Find(id);
            var active = p.ActiveUpdate;
            if (active != null)
            {
                _lifecycle.End(p, active, "CANCELED", now, null);
            }
            _pipelines.Remove(id);
            Deletions.Add((id, p.Name, cascade, now));
        }

        // ---- reads ------------------------------------------------------------------------------

        public JObject Get(string id)
        {
            var p = Find(id);
            var o = PipelineJson.StateInfo(p);
            o["spec"] = p.Spec.DeepClone();
            o["last_modified"] = p.LastModified;
            o["run_as"] = new JObject { ["user_name"] = p.RunAsUserName };
            return PipelineJson.Order(o, "pipeline_id", "spec", "state", "cause", "cluster_id", "name", "health", "creator_user_name",
                "latest_updates", "last_modified", "run_as_user_name", "run_as");
        }

        /// <summary>The service's default is id ascending; order_by takes one of "id asc|desc" and "name asc|desc".</summary>
        public JObject List(string? filter, int? maxResults, string? pageToken, IReadOnlyList<string>? orderBy = null)
        {
            var max = maxResults ?? 25;
            if (max < 1 || max > 100)
            {
                throw ApiException.InvalidParameter($"max_results must be between 1 and 100, but got {max}.");
            }
            var match = PipelineSpec.ListFilter(filter);
            var order = orderBy == null || orderBy.Count == 0 ? "id asc" : orderBy.Count == 1
                ? System.Text.RegularExpressions.Regex.Replace(orderBy[0].Trim().ToLowerInvariant(), @"\s+", " ") : null;
            if (order != null && !order.Contains(' ')) order += " asc";
            IEnumerable<PipelineRecord> matching = _pipelines.Values.Where(match);
            var all = (order switch
            {
                "id asc" => matching.OrderBy(p => p.Id, StringComparer.Ordinal),
                "id desc" => matching.OrderByDescending(p => p.Id, StringComparer.Ordinal),
                "name asc" => matching.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal),
                "name desc"
                    => matching.OrderByDescending(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal),
                _ => throw ApiException.InvalidParameter($"Invalid order_by '{string.Join(",", orderBy!)}': give one of 'id asc', "
                    + $"'id desc', 'name asc', 'name desc'."),
            }).ToList();
            var (page, next) = Paging.Page(all, pageToken, max);
            var o = new JObject { ["statuses"] = new JArray(page.Select(PipelineJson.StateInfo)) };
            if (next != null) o["next_page_token"] = next;
            if (page.Count == 0) o.Remove("statuses");
            return o;
        }

        public JObject GetUpdate(string id, string updateId)
        {
            var p = Find(id);
            var u = p.Updates.FirstOrDefault(x => x.Id == updateId)
                    ?? throw ApiException.NotFound($"The update {updateId} of pipeline {id} was not found.");
            return new JObject { ["update"] = PipelineJson.UpdateInfo(u) };
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
            if (page.Count > 0) o["updates"] = new JArray(page.Select(PipelineJson.UpdateInfo));
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
                if (filter != null
                    || orderBy.Count > 0) throw ApiException.InvalidParameter("page_token cannot be used together with filter or "
                        + "order_by: the token carries those of the first page.");
                (offset, filter, ascending) = Paging.DecodeEventToken(pageToken);
            }
            else
            {
                if (orderBy.Count > 1) throw ApiException.InvalidParameter("At most one order_by field may be given.");
                if (orderBy.Count == 1)
                {
                    var ob = orderBy[0].Trim();
                    if (ob.Equals("timestamp asc", StringComparison.OrdinalIgnoreCase)) ascending = true;
                    else if (!ob.Equals("timestamp desc", StringComparison.OrdinalIgnoreCase)
                        && !ob.Equals("timestamp", StringComparison.OrdinalIgnoreCase))
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
            if (page.Count > 0) o["events"] = new JArray(page.Select(e => PipelineJson.EventJson(_workspaceName, p, e)));
            if (next != null) o["next_page_token"] = next;
            if (prev != null) o["prev_page_token"] = prev;
            return o;
        }

        // ---- updates ----------------------------------------------------------------------------

        public JObject StartUpdate(string id, JObject body, DateTimeOffset now)
        {
            var p = Find(id);
            var cause = Json.OptString(body, "cause") ?? "API_CALL";
            var u = _lifecycle.Start(p, cause, body, now);
            return new JObject { ["update_id"] = u.Id };
        }
        internal void AddEvent(PipelineRecord p, DateTimeOffset now, string type, string level, string message, string? updateId,
            JObject? details, JObject? error = null)
            => p.Events.Add(new PipelineEventRecord(NewUuid(), ++_eventSequence, now, type, level, message, updateId, details, error));

        private void CheckDuplicateName(JObject spec, JObject body, string? exceptId)
        {
            if (Json.OptBool(body, "allow_duplicate_names") == true) return;
            var name = (string?)spec["name"];
            var clash = _pipelines.Values.FirstOrDefault(p => p.Id != exceptId && string.Equals(p.Name, name, StringComparison.Ordinal));
            if (clash != null)
            {
                throw ApiException.Conflict($"Pipeline name '{name}' is already used by another pipeline ({clash.Id}). Set "
                    + $"allow_duplicate_names to true to allow it.");
            }
        }

        internal static string NewUuid() => Guid.NewGuid().ToString();

        internal static string Short(string id) => id.Substring(0, 8);
    }
}
