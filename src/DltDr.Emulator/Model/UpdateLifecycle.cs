using System;
using DltDr.Emulator.Simulation;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>
    /// An update's life on the virtual clock: QUEUED, WAITING_FOR_RESOURCES, INITIALIZING,
    /// SETTING_UP_TABLES, RUNNING, then COMPLETED (a triggered one) or on until stopped (a
    /// continuous one); an injected failure ends it FAILED at INITIALIZING. Each move is an event
    /// of the scheduler, with its update_progress event in the pipeline's log.
    /// </summary>
    internal sealed class UpdateLifecycle
    {
        private readonly SimulationContext _sim;
        private readonly PipelineStore _store;

        public UpdateLifecycle(SimulationContext sim, PipelineStore store)
        {
            _sim = sim;
            _store = store;
        }

        /// <summary>Starts an update, or refuses when one is already active (the active one keeps running).</summary>
        public UpdateRecord Start(PipelineRecord p, string cause, JObject body, DateTimeOffset now)
        {
            var active = p.ActiveUpdate;
            if (active != null)
            {
                throw ApiException.Conflict($"Cannot start a new update of pipeline {p.Id}: the update {active.Id} is still active "
                    + $"({active.State}).");
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
            var u = new UpdateRecord(PipelineStore.NewUuid(), p.Id, cause, now, p.Continuous && !validateOnly, (JObject)p.Spec.DeepClone())
            {
                FullRefresh = fullRefresh,
                RefreshSelection = refresh,
                FullRefreshSelection = fullRefreshSel,
                ValidateOnly = validateOnly,
            };
            p.Updates.Add(u);
            _store.AddEvent(p, now, "create_update", "INFO", $"Update {PipelineStore.Short(u.Id)} started by {cause}.", u.Id,
                new JObject { ["create_update"] = new JObject { ["cause"] = cause, ["full_refresh"] = fullRefresh } });
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


        private void Step(PipelineRecord p, UpdateRecord u, DateTimeOffset at, string from, string to)
        {
            var generation = u.Generation;
            _sim.Scheduler.At(at, when =>
            {
                if (u.Generation != generation || u.State != from || _store.TryFind(p.Id) == null) return;
                if (from == "INITIALIZING" && p.FailNextUpdates > 0)
                {
                    p.FailNextUpdates--;
                    End(p, u, "FAILED", when, "Update failed: org.apache.spark.sql.AnalysisException: injected failure (emulator fault).");
                    return;
                }
                if (to == "COMPLETED")
                {
                    End(p, u, "COMPLETED", when, null);
                    return;
                }
                if (to == "RUNNING") u.ClusterId = "1124-000000-" + PipelineStore.Short(u.Id);
                Progress(p, u, to, when);
            });
        }

        public void End(PipelineRecord p, UpdateRecord u, string state, DateTimeOffset now, string? failure)
        {
            u.Generation++;
            u.EndTime = now;
            u.FailureMessage = failure;
            u.ClusterId = null;
            if (failure != null)
            {
                var error = new JObject
                {
                    ["exceptions"] =
                        new JArray(new JObject { ["class_name"] = "org.apache.spark.sql.AnalysisException", ["message"] = failure }),
                    ["fatal"] = true,
                };
                u.State = state;
                _store.AddEvent(p, now, "update_progress", "ERROR", $"Update {PipelineStore.Short(u.Id)} is {state}.", u.Id,
                    new JObject { ["update_progress"] = new JObject { ["state"] = state } }, error);
            }
            else
            {
                Progress(p, u, state, now);
            }
            _store.RaiseUpdateEnded(u, now);
        }

        private void Progress(PipelineRecord p, UpdateRecord u, string state, DateTimeOffset now)
        {
            u.State = state;
            _store.AddEvent(p, now, "update_progress", "INFO", $"Update {PipelineStore.Short(u.Id)} is {state}.", u.Id,
                new JObject { ["update_progress"] = new JObject { ["state"] = state } });
        }

        public void Stop(PipelineRecord p, DateTimeOffset now)
        {
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
                if (active.Generation == generation && active.State == "STOPPING") End(p, active, "CANCELED", at, null);
            });
        }
    }
}
