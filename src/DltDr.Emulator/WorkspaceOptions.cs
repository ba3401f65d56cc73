namespace DltDr.Emulator
{
    /// <summary>One workspace to emulate: its name and, optionally, fixed loopback ports.</summary>
    public sealed class WorkspaceOptions
    {
        public WorkspaceOptions(string name, int port = 0, int? httpsPort = null, System.Net.IPAddress? address = null)
        {
            Name = name;
            Port = port;
            HttpsPort = httpsPort;
            Address = address ?? System.Net.IPAddress.Loopback;
            if (!System.Net.IPAddress.IsLoopback(Address)) throw
                new System.ArgumentException($"The workspace address {Address} is not a loopback address: the emulator listens on "
                    + $"loopback only.", nameof(address));
        }

        /// <summary>
        /// The loopback address it listens on, 127.0.0.1 by default. Clients that always use port 443
        /// (Databricks' SDKs) reach two workspaces through two addresses, e.g. 127.0.0.1 and 127.0.0.2.
        /// </summary>
        public System.Net.IPAddress Address { get; }

        public string Name { get; }

        /// <summary>The plain HTTP port; 0 picks a free one.</summary>
        public int Port { get; }

        /// <summary>An HTTPS port as well (needs <see cref="EmulatorOptions.TlsCertificate"/>); 0 picks a free one.</summary>
        public int? HttpsPort { get; }
    }
}
