using System;
using System.Net;
using System.Runtime.InteropServices;

namespace DltDr.Engine.Databricks
{
    /// <summary>
    /// Windows PowerShell 5.1 runs on .NET Framework, whose default may not offer TLS 1.2, which
    /// Databricks requires. TLS 1.2 is added to what the process enables, never replacing it; the
    /// operating system's choice (SystemDefault) is left alone, and .NET Core needs nothing.
    /// </summary>
    internal static class Tls
    {
        public static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public static void EnsureTls12()
        {
            if (!IsNetFramework) return;
            try
            {
                var current = ServicePointManager.SecurityProtocol;
                if (current != 0 && (current & SecurityProtocolType.Tls12) == 0) ServicePointManager.SecurityProtocol = current | SecurityProtocolType.Tls12;
                if (ServicePointManager.DefaultConnectionLimit < 32) ServicePointManager.DefaultConnectionLimit = 32;
            }
            catch (NotSupportedException)
            {
            }
        }
    }
}
