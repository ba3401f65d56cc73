using System;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>Engine transports aimed at an emulated workspace, on the test's virtual time.</summary>
    public static class EngineClients
    {
        public static DatabricksTransport Transport(EmulatorHarness h, string workspace = "primary") =>
            new DatabricksTransport(new Uri(h.Url(workspace)), new StaticTokenProvider("pat", "dapi-test"), Options(h));

        /// <summary>Transport options on the harness's clock, with its calls known to the virtual time.</summary>
        public static TransportOptions Options(EmulatorHarness h) => new TransportOptions { Clock = Clock(h), WrapHandler = h.WrapHandler };

        /// <summary>
        /// The harness's clock for engine objects a test drives itself; the calling test's flow becomes
        /// one the virtual time follows (<see cref="VirtualTime.Follow"/>): time stands still while it runs.
        /// </summary>
        public static DltDr.Engine.Time.Clock Clock(EmulatorHarness h)
        {
            h.Time?.Follow();
            return h.Clock;
        }
    }
}
