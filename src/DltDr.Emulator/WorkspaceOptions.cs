namespace DltDr.Emulator
{
    /// <summary>One workspace to emulate: its name and, optionally, fixed loopback ports.</summary>
    public sealed class WorkspaceOptions
    {
        public WorkspaceOptions(string name, int port = 0, int? httpsPort = null)
        {
            Name = name;
            Port = port;
            HttpsPort = httpsPort;
        }

        public string Name { get; }

        /// <summary>The plain HTTP port; 0 picks a free one.</summary>
        public int Port { get; }

        /// <summary>An HTTPS port as well (needs <see cref="EmulatorOptions.TlsCertificate"/>); 0 picks a free one.</summary>
        public int? HttpsPort { get; }
    }
}
