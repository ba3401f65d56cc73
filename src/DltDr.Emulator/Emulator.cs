using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator.Hosting;
using DltDr.Emulator.Model;
using DltDr.Emulator.Simulation;

namespace DltDr.Emulator
{
    /// <summary>
    /// A running set of emulated Databricks workspaces on loopback ports sharing one virtual clock,
    /// plus the control API. Tests start it in-process; <see cref="Program"/> starts it from the
    /// command line.
    /// </summary>
    public sealed class Emulator : IAsyncDisposable
    {
        private static readonly Regex ValidName = new Regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$");
        private readonly Dictionary<string, (EmulatedWorkspace Workspace, LoopbackServer Server)> _workspaces;
        private readonly LoopbackServer? _control;
        private LoopbackServer? _account;

        private Emulator(SimulationContext sim, Dictionary<string, (EmulatedWorkspace, LoopbackServer)> workspaces, LoopbackServer? control,
            Account.AccountState? account, string accountId)
        {
            Sim = sim;
            _workspaces = workspaces;
            _control = control;
            // One account whichever instance the control API was given.
            Account = account ?? new Account.AccountState(accountId, () => workspaces.Values.Select(w => w.Item1).ToList());
        }

        /// <summary>The account the workspaces belong to: its failover groups (the DR API on <see cref="AccountUrl"/>).</summary>
        public Account.AccountState Account { get; }

        /// <summary>The account host's base URL (/api/disaster-recovery/v1/accounts/{id}/...), or null when not started.</summary>
        public string? AccountUrl => _account == null ? null : $"http://127.0.0.1:{_account.Port}";

        public SimulationContext Sim { get; }

        /// <summary>The managed identity endpoint stand-in on the control port (IDENTITY_ENDPOINT/IDENTITY_HEADER).</summary>
        public Auth.ManagedIdentityEndpoint Identity => Sim.Identity;

        /// <summary>The Azure Blob container stand-in on the control port, for what a runbook keeps past its sandbox.</summary>
        public Hosting.BlobContainerStandIn Blobs => _blobs ??= new Hosting.BlobContainerStandIn(Sim.Identity, f => Sim.Sync(f));

        private Hosting.BlobContainerStandIn? _blobs;

        /// <summary>A blob container's URL on the stand-in, or null without a control API.</summary>
        public string? BlobContainerUrl(string container)
            => _control == null ? null : $"http://127.0.0.1:{_control.Port}{Hosting.BlobContainerStandIn.PathPrefix}{container}";

        public EmulatorClock Clock => Sim.Clock;

        public IReadOnlyList<EmulatedWorkspace> Workspaces => _workspaces.Values.Select(w => w.Workspace).ToList();

        public EmulatedWorkspace this[string name]
            => _workspaces.TryGetValue(name, out var w) ? w.Workspace
                : throw new KeyNotFoundException($"No emulated workspace named '{name}'. Known: {string.Join(", ", _workspaces.Keys)}.");

        /// <summary>The control API's base URL (ends in /control), or null when none was started.</summary>
        public string? ControlUrl => _control == null ? null : $"http://127.0.0.1:{_control.Port}/control";

        /// <summary>The managed identity stand-in's URL (IDENTITY_ENDPOINT), or null without a control API.</summary>
        public string? IdentityUrl => _control == null ? null : $"http://127.0.0.1:{_control.Port}{Auth.ManagedIdentityEndpoint.Path}";

        public static async Task<Emulator> StartAsync(EmulatorOptions options, CancellationToken cancel = default)
        {
            if (options.Workspaces.Count == 0) throw new ArgumentException("Name at least one workspace to emulate.", nameof(options));
            foreach (var w in options.Workspaces)
            {
                if (!ValidName.IsMatch(w.Name)) throw
                    new ArgumentException($"Invalid workspace name '{w.Name}': use letters, digits, '-' and '_'.", nameof(options));
            }
            var dup = options.Workspaces.GroupBy(w => w.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (dup != null) throw new ArgumentException($"The workspace name '{dup.Key}' is given twice.", nameof(options));

            var clock = new EmulatorClock(options.ClockOrigin ?? options.Time.GetUtcNow(), options.ClockScale, options.Time);
            var sim = new SimulationContext(clock, options.Timings, options.Seed);
            var map = new Dictionary<string, (EmulatedWorkspace, LoopbackServer)>(StringComparer.OrdinalIgnoreCase);
            LoopbackServer? control = null;
            Emulator? emulatorRef = null;
            try
            {
                var index = 0;
                foreach (var w in options.Workspaces)
                {
                    var ws = new EmulatedWorkspace(w.Name, sim, options.Seed + ++index,
                        options.HeldRequests) { Address = w.Address.ToString() };
                    ws.Limits.Enabled = options.RateLimits;
                    var pipeline = new WorkspaceRequestPipeline(ws);
                    var server = new LoopbackServer(pipeline.InvokeAsync, w.Port, w.HttpsPort, options.TlsCertificate, w.Address);
                    await server.StartAsync(cancel).ConfigureAwait(false);
                    ws.Port = server.Port;
                    ws.HttpsPort = server.HttpsPort;
                    map[w.Name] = (ws, server);
                    var name = w.Name;
                    // A Down fault marks the listener as changing before the request is dropped, so
                    // a test client holds its retry until the port refuses connections.
                    ws.TakeDown = () => emulatorRef!.TakeDownInBackground(name);
                }
                var accountId = options.AccountId
                    ?? new Guid(BitConverter.GetBytes((long)options.Seed).Concat(new byte[8]).ToArray()).ToString();
                var emulator = new Emulator(sim, map, null, null, accountId);
                emulatorRef = emulator;
                if (options.ControlPort != null)
                {
                    control = new LoopbackServer(new ControlApi(emulator).InvokeAsync, options.ControlPort.Value, null, null);
                    await control.StartAsync(cancel).ConfigureAwait(false);
                    emulator = new Emulator(sim, map, control, emulator.Account, accountId);
                    emulatorRef = emulator;
                }
                if (options.AccountPort != null)
                {
                    var api = new Account.AccountApi(emulator.Account, sim);
                    var account = new LoopbackServer(api.InvokeAsync, options.AccountPort.Value, null, null);
                    await account.StartAsync(cancel).ConfigureAwait(false);
                    emulator._account = account;
                }
                return emulator;
            }
            catch
            {
                foreach (var (_, server) in map.Values) await server.DisposeAsync().ConfigureAwait(false);
                if (control != null) await control.DisposeAsync().ConfigureAwait(false);
                sim.Dispose();
                throw;
            }
        }

        /// <summary>Closes the workspace's listener: new connections are refused and open ones dropped; its state is kept.</summary>
        public Task TakeDownAsync(string name)
        {
            Interlocked.Increment(ref _changing);
            return TakeDownCoreAsync(name);
        }

        /// <summary>Starts closing the listener from within one of its own requests (which the close waits for).</summary>
        internal Task TakeDownInBackground(string name)
        {
            Interlocked.Increment(ref _changing);
            return Task.Run(() => TakeDownCoreAsync(name));
        }

        private async Task TakeDownCoreAsync(string name)
        {
            try
            {
                var (ws, server) = Entry(name);
                ws.IsDown = true;
                ws.Faults.Unhang();
                await server.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _changing);
            }
        }

        /// <summary>Opens the workspace's listener again on the same port, with its state as it was.</summary>
        public async Task BringUpAsync(string name)
        {
            var (ws, server) = Entry(name);
            Interlocked.Increment(ref _changing);
            try
            {
                await server.StartAsync().ConfigureAwait(false);
                ws.IsDown = false;
            }
            finally
            {
                Interlocked.Decrement(ref _changing);
            }
        }

        /// <summary>
        /// True while a listener is being closed or opened: a client that saw the connection dropped
        /// by a Down fault should not try again until the port refuses connections.
        /// </summary>
        public bool ChangingListeners => Volatile.Read(ref _changing) > 0;

        private int _changing;

        /// <summary>Moves virtual time forward, running every transition and schedule that falls due on the way.</summary>
        public DateTimeOffset Advance(TimeSpan by) => Sim.Advance(by);

        private (EmulatedWorkspace, LoopbackServer) Entry(string name)
            => _workspaces.TryGetValue(name, out var w) ? w : throw new KeyNotFoundException($"No emulated workspace named '{name}'.");

        public async ValueTask DisposeAsync()
        {
            // All listeners at once: each may take its shutdown timeout for requests still in flight.
            foreach (var (ws, _) in _workspaces.Values) ws.Faults.Unhang();
            var stopping = _workspaces.Values.Select(w => w.Item2.DisposeAsync().AsTask()).ToList();
            if (_control != null) stopping.Add(_control.DisposeAsync().AsTask());
            if (_account != null) stopping.Add(_account.DisposeAsync().AsTask());
            await Task.WhenAll(stopping).ConfigureAwait(false);
            Sim.Dispose();
        }
    }
}
