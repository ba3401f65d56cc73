using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using DltDr.Emulator.Simulation;

namespace DltDr.Emulator
{
    /// <summary>What to start: the workspaces, the control API, the clock.</summary>
    public sealed class EmulatorOptions
    {
        public List<WorkspaceOptions> Workspaces { get; } = new List<WorkspaceOptions>();

        /// <summary>The control API's port (0: a free one); null starts no control API.</summary>
        public int? ControlPort { get; set; } = 0;

        /// <summary>The account host's port (0: a free one), serving the Disaster Recovery API; null starts none.</summary>
        public int? AccountPort { get; set; } = 0;

        /// <summary>The account's id (a GUID); by default one derived from the seed.</summary>
        public string? AccountId { get; set; }

        /// <summary>Virtual seconds per real second; 0 is a manual clock that only moves when advanced.</summary>
        public double ClockScale { get; set; } = 1;

        /// <summary>Where virtual time starts; the time source's now by default.</summary>
        public DateTimeOffset? ClockOrigin { get; set; }

        /// <summary>
        /// The time source the virtual clock, the request limits and the held requests follow: the
        /// machine's clock by default; a test gives the one it shares with the module under test.
        /// </summary>
        public TimeProvider Time { get; set; } = TimeProvider.System;

        /// <summary>Told when a request is held without an answer (a hang) and when it is let go.</summary>
        public IHeldRequests? HeldRequests { get; set; }

        public EmulatorTimings Timings { get; set; } = new EmulatorTimings();

        /// <summary>
        /// Enforce the documented per-workspace request limits from the start (the control API turns them on and off too).
        /// </summary>
        public bool RateLimits { get; set; }

        /// <summary>Seeds ids and fault rates so runs repeat.</summary>
        public int Seed { get; set; } = 20261124;

        /// <summary>The certificate for workspaces given an HTTPS port.</summary>
        public X509Certificate2? TlsCertificate { get; set; }

        public static EmulatorOptions ForWorkspaces(params string[] names)
        {
            var o = new EmulatorOptions();
            foreach (var n in names) o.Workspaces.Add(new WorkspaceOptions(n));
            return o;
        }
    }
}
