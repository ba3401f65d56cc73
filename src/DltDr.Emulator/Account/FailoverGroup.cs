using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Account
{
    /// <summary>
    /// One failover group of the account, as Databricks' Disaster Recovery API models it
    /// (databricks-sdk-py, databricks.sdk.service.disasterrecovery.FailoverGroup). Its state moves on
    /// the emulated clock when read: a failover is FAILING_OVER for <see cref="FailoverTime"/>, then
    /// ACTIVE in the target region (or FAILOVER_FAILED, or it hangs, as the control API says).
    /// </summary>
    public sealed class FailoverGroup
    {
        /// <summary>How long a failover takes on the emulated clock.</summary>
        public static readonly TimeSpan FailoverTime = TimeSpan.FromMinutes(2);

        internal FailoverGroup(string accountId, string id, JObject create, DateTimeOffset now)
        {
            AccountId = accountId;
            Id = id;
            Regions = ((JArray?)create["regions"] ?? new JArray()).Select(r => (string)r!).ToList();
            WorkspaceSets = (JArray?)create["workspace_sets"]?.DeepClone() ?? new JArray();
            UnityCatalogAssets = (JObject?)create["unity_catalog_assets"]?.DeepClone();
            InitialPrimaryRegion = (string?)create["initial_primary_region"] ?? Regions.FirstOrDefault() ?? string.Empty;
            EffectivePrimaryRegion = InitialPrimaryRegion;
            CreateTime = UpdateTime = now;
            ReplicatedAt = now;
            State = "ACTIVE";
        }

        public string AccountId { get; }
        public string Id { get; }
        public string Name => $"accounts/{AccountId}/failover-groups/{Id}";
        public IReadOnlyList<string> Regions { get; }
        public JArray WorkspaceSets { get; }
        public JObject? UnityCatalogAssets { get; }
        /// <summary>The region the group was created with as its primary (the model requires it in every answer).</summary>
        public string InitialPrimaryRegion { get; }
        public string EffectivePrimaryRegion { get; private set; }
        public string State { get; private set; }
        public DateTimeOffset CreateTime { get; }
        public DateTimeOffset UpdateTime { get; private set; }

        /// <summary>Changes with every change of the group (a failover started, ended or failed).</summary>
        public string Etag => "W/\"" + Version.ToString(CultureInfo.InvariantCulture) + "\"";

        private int Version { get; set; } = 1;

        /// <summary>How far replication is behind while it runs (the control API sets it with <see cref="SetReplicationLag"/>).</summary>
        public TimeSpan ReplicationLag { get; private set; } = TimeSpan.FromMinutes(1);

        /// <summary>Replication now that far behind: the replication point is set back to it at once.</summary>
        internal void SetReplicationLag(TimeSpan lag, DateTimeOffset now)
        {
            ReplicationLag = lag;
            ReplicatedAt = now - lag;
        }

        /// <summary>The next failover ends FAILOVER_FAILED (the control API sets it).</summary>
        public bool FailNextFailover { get; set; }

        /// <summary>The next failover stays FAILING_OVER until told otherwise (the control API sets it).</summary>
        public bool HangNextFailover { get; set; }

        internal DateTimeOffset ReplicatedAt { get; private set; }
        private string? _target;
        private DateTimeOffset _failoverEnds;
        private bool _failThis;
        private bool _hangThis;

        /// <summary>
        /// Moves the group to <paramref name="now"/>: a failover that has run its time ends; replication
        /// advances while the group is ACTIVE and its primary region's workspaces answer.
        /// </summary>
        internal void Advance(DateTimeOffset now, Func<string, bool> regionUp)
        {
            if (State == "FAILING_OVER" && !_hangThis && now >= _failoverEnds)
            {
                if (_failThis) State = "FAILOVER_FAILED";
                else
                {
                    State = "ACTIVE";
                    EffectivePrimaryRegion = _target!;
                }
                _target = null;
                Changed(_failoverEnds);
            }
            if (State == "ACTIVE" && regionUp(EffectivePrimaryRegion))
            {
                var point = now - ReplicationLag;
                if (point > ReplicatedAt) ReplicatedAt = point;
            }
        }

        /// <summary>Starts a failover to <paramref name="target"/>, as POST .../failover does once its checks pass.</summary>
        internal void StartFailover(string target, DateTimeOffset now)
        {
            _target = target;
            _failoverEnds = now + FailoverTime;
            _failThis = FailNextFailover;
            _hangThis = HangNextFailover;
            FailNextFailover = HangNextFailover = false;
            State = "FAILING_OVER";
            Changed(now);
        }

        /// <summary>Lets a hung failover end (at once, as it would have).</summary>
        internal void Release(DateTimeOffset now)
        {
            if (!_hangThis) return;
            _hangThis = false;
            if (_failoverEnds > now) _failoverEnds = now;
        }

        internal string? FailoverTarget => _target;

        private void Changed(DateTimeOffset when)
        {
            Version++;
            UpdateTime = when;
        }

        /// <summary>The group as the API answers it; a list entry leaves out state and replication_point.</summary>
        internal JObject ToJson(bool listEntry)
        {
            var o = new JObject
            {
                ["name"] = Name,
                ["regions"] = new JArray(Regions),
                ["workspace_sets"] = WorkspaceSets.DeepClone(),
                ["initial_primary_region"] = InitialPrimaryRegion,
                ["effective_primary_region"] = EffectivePrimaryRegion,
                ["etag"] = Etag,
                ["create_time"] = Timestamp(CreateTime),
                ["update_time"] = Timestamp(UpdateTime),
            };
            if (UnityCatalogAssets != null) o["unity_catalog_assets"] = UnityCatalogAssets.DeepClone();
            if (!listEntry)
            {
                o["state"] = State;
                o["replication_point"] = Timestamp(ReplicatedAt);
            }
            return o;
        }

        internal static string Timestamp(DateTimeOffset t)
            => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
