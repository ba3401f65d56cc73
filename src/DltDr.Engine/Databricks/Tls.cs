using System;
using System.Net;
using System.Runtime.InteropServices;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Windows PowerShell 5.1 runs on .NET Framework, whose default may not offer TLS 1.2, which
    /// Databricks requires, and which allows 2 connections per host, which would serialise the
    /// pairs. TLS 1.2 is added to what the process enables, never replacing it; the operating
    /// system's choice (SystemDefault) is left alone, and .NET Core needs neither.
    /// </summary>
    internal static class Tls
    {
        /// <summary>Connections per host: as many as calls DltDr has in flight to one workspace.</summary>
        public const int ConnectionLimit = TransportOptions.DefaultMaxConcurrentRequests;

        /// <summary>
        /// .NET Framework, or Mono (its HttpClient is built on HttpWebRequest and ServicePointManager
        /// as the Framework's is; the Framework lane runs the engine there).
        /// </summary>
        public static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)
            || Type.GetType("Mono.Runtime") != null;

        public static void EnsureTls12()
        {
            if (!IsNetFramework) return;
            try
            {
                ServicePointManager.SecurityProtocol = WithTls12(ServicePointManager.SecurityProtocol);
                ServicePointManager.DefaultConnectionLimit = WithConnectionLimit(ServicePointManager.DefaultConnectionLimit);
            }
            catch (NotSupportedException)
            {
            }
        }

        /// <summary>What the process enables plus TLS 1.2; SystemDefault (0) stays the operating system's choice.</summary>
        internal static SecurityProtocolType WithTls12(SecurityProtocolType current)
            => current == 0 || (current & SecurityProtocolType.Tls12) != 0 ? current : current | SecurityProtocolType.Tls12;

        /// <summary>Raised to <see cref="ConnectionLimit"/>, never lowered (another module may have set more).</summary>
        internal static int WithConnectionLimit(int current) => Math.Max(current, ConnectionLimit);
    }
}
