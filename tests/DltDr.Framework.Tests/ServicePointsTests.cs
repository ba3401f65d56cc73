#if NETFRAMEWORK
using System;
using System.Net;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using Xunit;

namespace DltDr.Framework.Tests
{
    /// <summary>
    /// What the engine sets for the whole process on a runtime whose HttpClient is built on
    /// HttpWebRequest (.NET Framework, Mono): TLS 1.2 among the enabled protocols unless the
    /// operating system chooses, and at least 64 connections per host, never fewer than another
    /// module set. (.NET Framework only: .NET 10 does not read ServicePointManager.)
    /// </summary>
    public sealed class ServicePointsTests
    {
        [Fact]
        public void A_transport_leaves_TLS_1_2_enabled_and_64_connections_per_host()
        {
            using (new DatabricksTransport(new Uri("https://adb-1111.11.azuredatabricks.net"), new StaticTokenProvider("pat", "dapi-framework-lane"),
                new TransportOptions()))
            {
            }
            var protocols = ServicePointManager.SecurityProtocol;
            Assert.True(protocols == SecurityProtocolType.SystemDefault || (protocols & SecurityProtocolType.Tls12) != 0, $"enabled: {protocols}");
            Assert.True(ServicePointManager.DefaultConnectionLimit >= 64, $"connections per host: {ServicePointManager.DefaultConnectionLimit}");
        }
    }
}
#endif
