using System.Linq;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>The Pipelines API's wire shapes: a pipeline's state info, an update, an event, as the service answers them.</summary>
    internal static class PipelineJson
    {
        /// <summary>How many of a pipeline's newest updates its state info lists.</summary>
        private const int LatestUpdatesShown = 5;

        // ---- shapes -----------------------------------------------------------------------------

        internal static string PipelineState(PipelineRecord p)
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


        internal static JObject StateInfo(PipelineRecord p)
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

        internal static JObject UpdateInfo(UpdateRecord u)
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

        internal static JObject EventJson(string workspaceName, PipelineRecord p, PipelineEventRecord e)
        {
            var origin = new JObject
            {
                ["cloud"] = "Azure",
                ["region"] = workspaceName,
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


        internal static JObject Order(JObject o, params string[] names)
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
