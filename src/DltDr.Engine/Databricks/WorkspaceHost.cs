using System;
using System.Net;
using System.Net.Http;

namespace DltDr.Engine.Databricks
{
    /// <summary>The checks on a workspace host and the HTTP handler the transport sends through.</summary>
    public static class WorkspaceHost
    {
        /// <summary>Https only, except loopback, which is where the emulator listens.</summary>
        public static Uri Validate(Uri host)
        {
            if (host == null) throw new ArgumentNullException(nameof(host));
            if (!host.IsAbsoluteUri) throw
                new ArgumentException($"The workspace host '{host}' must be an absolute URL such as "
                    + $"https://adb-1234567890123456.7.azuredatabricks.net.", nameof(host));
            if (host.Scheme != Uri.UriSchemeHttps && !(host.Scheme == Uri.UriSchemeHttp && IsLoopback(host)))
                throw new ArgumentException($"The workspace host '{host.GetLeftPart(UriPartial.Authority)}' must use https: plain "
                    + $"http is allowed only for a loopback address (the emulator).", nameof(host));
            if (!string.IsNullOrEmpty(host.UserInfo)) throw
                new ArgumentException("The workspace host must not contain credentials.", nameof(host));
            return new Uri(host.GetLeftPart(UriPartial.Authority));
        }

        /// <summary>A loopback address (localhost, 127.0.0.0/8, ::1): where the emulator listens.</summary>
        public static bool IsLoopback(Uri host)
            => host.IsLoopback || (IPAddress.TryParse(host.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

        /// <summary>
        /// No proxy for loopback, no redirects, and as many connections as calls in flight (.NET Framework allows 2 by default).
        /// </summary>
        internal static HttpMessageHandler NewHandler(Uri host, int connections)
        {
            var handler = new HttpClientHandler { UseProxy = !IsLoopback(host), AllowAutoRedirect = false };
            try
            {
                handler.MaxConnectionsPerServer = connections;
            }
            catch (PlatformNotSupportedException)
            {
                // Older .NET Framework: the ServicePoint limit applies; Tls raises it for the process.
            }
            return handler;
        }
    }
}
