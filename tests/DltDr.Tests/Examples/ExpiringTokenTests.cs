using System;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Engine.Operations;
using DltDr.Engine.Pairs;
using DltDr.Engine.Status;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Examples
{
    /// <summary>
    /// The semantics' "expired token during a long wait": a service principal (OAuth M2M from the
    /// environment) whose tokens live 5 emulated seconds, while a failover waits much longer.
    /// In the process-environment collection because the client id and secret come from there.
    /// </summary>
    [Collection(ExamplesCollection.Name)]
    public sealed class ExpiringTokenTests
    {
        [Fact]
        public async Task A_failover_outlives_many_short_lived_tokens()
        {
            await using var w = await DrWorld.StartAsync();
            foreach (var ws in new[] { "primary", "secondary" })
            {
                w.H[ws].Read(x =>
                {
                    x.Sim.Timings.OAuthTokenLifetime = TimeSpan.FromSeconds(5);
                    x.Auth.Restrict(Array.Empty<(string, string, bool)>(), new[] { ("sp-dltdr-drills", "sp-secret-value-123") });
                    return 0;
                });
            }
            using var sp = new ScopedEnvironmentVariables(("DATABRICKS_CLIENT_ID", "sp-dltdr-drills"), ("DATABRICKS_CLIENT_SECRET", "sp-secret-value-123"));
            w.WritePair("sales");

            var publish = w.Run("Publish-DltDrPipeline sales -Confirm:$false");
            Assert.True(publish.Errors.Count == 0, publish.AllText());
            var r = w.Run("$DebugPreference = 'Continue'; Set-DltDrActiveRegion sales Secondary -Confirm:$false");
            Assert.True(r.Errors.Count == 0, r.AllText());
            Assert.Equal(Region.Secondary, Assert.Single(r.OutputOf<SwitchResult>()).ActiveRegion);
            Assert.NotEmpty(r.Debug);

            // The wait for RUNNING alone outlasts two token lifetimes, so fresh tokens were fetched mid-command.
            var issued = w.H["secondary"].Read(x => x.Auth.IssuedTokenCount);
            Assert.True(issued >= 3, $"{issued} tokens issued");
            var status = w.Run("Get-DltDrStatus sales").OutputOf<PairStatus>().Single();
            Assert.Equal(ActiveRegion.Secondary, status.ActiveRegion);

            // And the secret never reached any stream.
            Assert.DoesNotContain("sp-secret-value-123", publish.AllText() + r.AllText() + w.Ps.Host.TestUI.Written);
        }
    }
}
