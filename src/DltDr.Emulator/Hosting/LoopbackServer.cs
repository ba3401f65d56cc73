using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DltDr.Emulator.Hosting
{
    /// <summary>
    /// A Kestrel listener bound to a loopback address only, that can be stopped (connections refused) and
    /// started again on the same ports.
    /// </summary>
    internal sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly RequestDelegate _handler;
        private readonly X509Certificate2? _certificate;
        private WebApplication? _app;

        private readonly IPAddress _address;

        public LoopbackServer(RequestDelegate handler, int port, int? httpsPort, X509Certificate2? certificate, IPAddress? address = null)
        {
            _address = address ?? IPAddress.Loopback;
            _handler = handler;
            Port = port;
            HttpsPort = httpsPort;
            _certificate = certificate;
            if (httpsPort != null && certificate == null) throw
                new ArgumentException("An HTTPS port needs a certificate.", nameof(certificate));
        }

        public int Port { get; private set; }
        public int? HttpsPort { get; private set; }
        public bool IsRunning => _app != null;

        public async Task StartAsync(CancellationToken cancel = default)
        {
            if (_app != null) return;
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = "Production" });
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Listen(_address, Port);
                if (HttpsPort != null) k.Listen(_address, HttpsPort.Value, l => l.UseHttps(_certificate!));
            });
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
            var app = builder.Build();
            app.Run(_handler);
            await app.StartAsync(cancel).ConfigureAwait(false);
            // Learn the ports chosen for port 0, so a restart binds the same ones.
            var server = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
            var addresses = server.Features.Get<IServerAddressesFeature>()!.Addresses;
            foreach (var a in addresses.Select(a => new Uri(a)))
            {
                if (a.Scheme == "https") HttpsPort = a.Port;
                else Port = a.Port;
            }
            _app = app;
        }

        public async Task StopAsync()
        {
            var app = _app;
            _app = null;
            if (app == null) return;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => new ValueTask(StopAsync());
    }
}
