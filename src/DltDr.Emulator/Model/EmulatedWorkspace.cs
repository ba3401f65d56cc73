using System;
using DltDr.Emulator.Auth;
using DltDr.Emulator.Faults;
using DltDr.Emulator.Simulation;

namespace DltDr.Emulator.Model
{
    /// <summary>One emulated Databricks workspace: its services' state, who it accepts, its faults and the requests it saw.</summary>
    public sealed class EmulatedWorkspace
    {
        internal EmulatedWorkspace(string name, SimulationContext sim, int seed, IHeldRequests? held = null)
        {
            Name = name;
            Sim = sim;
            Held = held;
            Faults = new FaultPlan(seed);
            Limits = new Limits.RateLimiter(sim.Clock.Source);
            Pipelines = new PipelineStore(sim, name);
            Jobs = new JobStore(sim, Pipelines, () => BaseUrl);
            Notebooks = new WorkspaceTree(sim.Random, sim.Clock.Now);
            OrgId = (1_000_000_000_000_000L + (uint)seed * 7919L).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public string Name { get; }
        public SimulationContext Sim { get; }
        public PipelineStore Pipelines { get; }
        public JobStore Jobs { get; }
        public WorkspaceTree Notebooks { get; }
        public AuthPolicy Auth { get; } = new AuthPolicy();
        public FaultPlan Faults { get; }
        public RequestLog Requests { get; } = new RequestLog();

        /// <summary>The service's per-endpoint request limits (429 with Retry-After past them); off unless enabled.</summary>
        public Limits.RateLimiter Limits { get; }

        /// <summary>Told when a request is held without an answer and when it is let go.</summary>
        internal IHeldRequests? Held { get; }

        /// <summary>The workspace id the service sends back in <c>x-databricks-org-id</c>.</summary>
        public string OrgId { get; }

        /// <summary>The loopback port it serves plain HTTP on (fixed once started, kept across down/up).</summary>
        public int Port { get; internal set; }

        /// <summary>The loopback port it serves HTTPS on, when it has one.</summary>
        public int? HttpsPort { get; internal set; }

        public string BaseUrl => "http://" + Address + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The loopback address it listens on.</summary>
        public string Address { get; internal set; } = "127.0.0.1";

        /// <summary>True while its listener is closed (connections refused).</summary>
        public bool IsDown { get; internal set; }

        /// <summary>Closes the listener (set by the emulator); a Down fault calls it.</summary>
        internal Func<System.Threading.Tasks.Task>? TakeDown { get; set; }

        /// <summary>Runs <paramref name="action"/> on current state, under the simulation's lock.</summary>
        public T Read<T>(Func<EmulatedWorkspace, T> action) => Sim.Sync(_ => action(this));
    }
}
