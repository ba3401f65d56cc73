using System;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>Engine transports aimed at an emulated workspace, waiting on its clock instead of sleeping.</summary>
    public static class EngineClients
    {
        public static DatabricksTransport Transport(EmulatorHarness h, string workspace = "primary") =>
            new DatabricksTransport(new Uri(h.Url(workspace)), new StaticTokenProvider("pat", "dapi-test"), new TransportOptions
            {
                Delay = (d, c) => { h.Emulator.Advance(d); return Task.CompletedTask; },
                UtcNow = () => h.Emulator.Clock.Now,
            });
    }
}
