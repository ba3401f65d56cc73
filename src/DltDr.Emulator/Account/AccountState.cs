using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DltDr.Emulator.Model;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Account
{
    /// <summary>
    /// The account the emulated workspaces belong to, as far as its Disaster Recovery API goes: its
    /// failover groups. A workspace set's workspace_ids name the emulated workspaces by their org id,
    /// each in the region of the same place in the group's regions.
    /// </summary>
    public sealed class AccountState
    {
        private readonly List<FailoverGroup> _groups = new List<FailoverGroup>();
        private readonly Func<IReadOnlyList<EmulatedWorkspace>> _workspaces;
        private int _next;

        internal AccountState(string accountId, Func<IReadOnlyList<EmulatedWorkspace>> workspaces)
        {
            AccountId = accountId;
            _workspaces = workspaces;
        }

        public string AccountId { get; }

        /// <summary>
        /// Who the account host accepts (any bearer token but a workspace's, unless restricted) and
        /// the OAuth clients it issues tokens to.
        /// </summary>
        public Auth.AuthPolicy Auth { get; } = new Auth.AuthPolicy();

        /// <summary>Faults of the account host (status answers and dropped connections), as a workspace has them.</summary>
        public Faults.FaultPlan Faults { get; } = new Faults.FaultPlan(7);

        /// <summary>The server's page length for listings (a page_size above it is cut to it).</summary>
        public const int PageLength = 50;

        public IReadOnlyList<FailoverGroup> Groups => _groups;

        /// <summary>Creates a group (the control API's stand-in for CreateFailoverGroup, which DltDr never calls).</summary>
        internal FailoverGroup Create(JObject body, DateTimeOffset now)
        {
            var regions = body["regions"] as JArray;
            if (regions == null || regions.Count < 2) throw ApiException.InvalidParameter("regions: name at least two regions.");
            if (!(body["workspace_sets"] is JArray sets) || sets.Count == 0)
            {
                throw ApiException.InvalidParameter("workspace_sets: name at least one.");
            }
            var initial = (string?)body["initial_primary_region"];
            if (initial != null && !regions.Any(r => (string?)r == initial))
            {
                throw ApiException.InvalidParameter($"initial_primary_region '{initial}' is not one of the regions.");
            }
            var id = (string?)body["failover_group_id"] ?? "fg-" + (++_next).ToString("0000", CultureInfo.InvariantCulture);
            if (_groups.Any(g => g.Id == id)) throw ApiException.Conflict($"A failover group {id} exists.");
            var group = new FailoverGroup(AccountId, id, body, now);
            _groups.Add(group);
            return group;
        }

        internal FailoverGroup Find(string id, DateTimeOffset now)
        {
            var group = _groups.FirstOrDefault(g => g.Id == id)
                ?? throw ApiException.NotFound($"Failover group accounts/{AccountId}/failover-groups/{id} does not exist.");
            group.Advance(now, region => RegionUp(group, region));
            return group;
        }

        internal JObject List(int? pageSize, string? pageToken, DateTimeOffset now)
        {
            if (pageSize < 0) throw ApiException.InvalidParameter($"page_size must be 0 or more, not {pageSize}.");
            var length = pageSize is int n && n > 0 ? Math.Min(n, PageLength) : PageLength;
            var from = 0;
            if (!string.IsNullOrEmpty(pageToken) && !int.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            {
                throw ApiException.InvalidParameter($"page_token '{pageToken}' is not one this server gave.");
            }
            foreach (var g in _groups) g.Advance(now, region => RegionUp(g, region));
            var page = _groups.Skip(from).Take(length).ToList();
            var answer = new JObject { ["failover_groups"] = new JArray(page.Select(g => g.ToJson(listEntry: true))) };
            if (from + page.Count < _groups.Count) answer["next_page_token"] = (from + page.Count).ToString(CultureInfo.InvariantCulture);
            return answer;
        }

        internal JObject Failover(string id, JObject body, DateTimeOffset now)
        {
            var group = Find(id, now);
            var target = (string?)body["target_primary_region"];
            if (string.IsNullOrEmpty(target)) throw ApiException.InvalidParameter("target_primary_region is required.");
            if (!group.Regions.Contains(target)) throw ApiException.InvalidParameter(
                $"target_primary_region '{target}' is not one of the failover group's regions ({string.Join(", ", group.Regions)}).");
            var type = (string?)body["failover_type"];
            if (type != "FORCED") throw ApiException.InvalidParameter($"failover_type must be FORCED, not '{type ?? "(none)"}'.");
            var etag = (string?)body["etag"];
            if (etag != null && etag != group.Etag)
            {
                throw new ApiException(System.Net.HttpStatusCode.Conflict, "ABORTED",
                    $"The etag {etag} does not match the failover group's current etag {group.Etag}: it changed since it was read.");
            }
            // The target is an idempotency check: a failover to it already under way answers as it is.
            if (group.State == "FAILING_OVER" && group.FailoverTarget == target) return group.ToJson(listEntry: false);
            if (group.State == "FAILING_OVER") throw ApiException.Conflict($"A failover to {group.FailoverTarget} is under way.");
            if (group.State == "ACTIVE" && group.EffectivePrimaryRegion == target)
            {
                throw ApiException.InvalidParameter($"target_primary_region '{target}' is already the effective primary region.");
            }
            group.StartFailover(target, now);
            return group.ToJson(listEntry: false);
        }

        /// <summary>Whether any workspace of the group in <paramref name="region"/> answers.</summary>
        private bool RegionUp(FailoverGroup group, string region)
        {
            var at = group.Regions.ToList().IndexOf(region);
            var ids = group.WorkspaceSets.OfType<JObject>()
                .Select(s => s["workspace_ids"] as JArray)
                .Where(a => a != null && at >= 0 && at < a.Count)
                .Select(a => (string?)a![at]).ToList();
            var workspaces = _workspaces().Where(w => ids.Contains(w.OrgId)).ToList();
            return workspaces.Count == 0 || workspaces.Any(w => !w.IsDown);
        }
    }
}
