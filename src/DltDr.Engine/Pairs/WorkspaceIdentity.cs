using System;
using System.Net;
using System.Text.RegularExpressions;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Which workspace a host URL names, whatever alias is used: scheme, host and port as the
    /// network sees them (case, a trailing slash and the default port do not count; localhost,
    /// 127.0.0.1 and ::1 are one machine), and for Azure the workspace id in adb-ID.N hosts.
    /// Two regions of a pair naming one workspace would fail over onto themselves.
    /// </summary>
    public static class WorkspaceIdentity
    {
        private static readonly Regex AzureWorkspace =
            new Regex(@"^adb-(\d+)\.\d+\.azuredatabricks\.net$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static string Of(Uri host)
        {
            var name = host.Host.Trim('[', ']').ToLowerInvariant();
            var azure = AzureWorkspace.Match(name);
            if (azure.Success) return "azure-workspace:" + azure.Groups[1].Value;
            if (name == "localhost"
                || (IPAddress.TryParse(name, out var ip) && (ip.Equals(IPAddress.Loopback) || ip.Equals(IPAddress.IPv6Loopback))))
                name = "localhost";
            return $"{host.Scheme.ToLowerInvariant()}://{name}:{host.Port}";
        }

        public static bool Same(Uri a, Uri b) => string.Equals(Of(a), Of(b), StringComparison.Ordinal);
    }
}
