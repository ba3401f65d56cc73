using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using DltDr.Emulator;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>An in-process emulator on free loopback ports, with a manual clock by default, and plain HTTP helpers.</summary>
    public sealed class EmulatorHarness : IAsyncDisposable
    {
        public static readonly DateTimeOffset Origin = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        public const string Token = "dapi-test-token-0123456789";

        private EmulatorHarness(DltDr.Emulator.Emulator emulator)
        {
            Emulator = emulator;
            Http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(30) };
        }

        public DltDr.Emulator.Emulator Emulator { get; }
        public HttpClient Http { get; }

        public static async Task<EmulatorHarness> StartAsync(double clockScale = 0, params string[] workspaces)
        {
            var options = EmulatorOptions.ForWorkspaces(workspaces.Length == 0 ? new[] { "primary", "secondary" } : workspaces);
            options.ClockScale = clockScale;
            options.ClockOrigin = Origin;
            return new EmulatorHarness(await DltDr.Emulator.Emulator.StartAsync(options));
        }

        public EmulatedWorkspace this[string name] => Emulator[name];

        public string Url(string workspace) => Emulator[workspace].BaseUrl;

        public DateTimeOffset Advance(double seconds) => Emulator.Advance(TimeSpan.FromSeconds(seconds));

        public async Task<ApiAnswer> SendAsync(HttpMethod method, string workspace, string pathAndQuery, object? body = null, string? token = Token, HttpClient? client = null)
        {
            using var request = new HttpRequestMessage(method, Url(workspace) + pathAndQuery);
            if (token != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body != null)
            {
                var text = body as string ?? (body is JToken jt ? jt.ToString(Formatting.None) : JsonConvert.SerializeObject(body));
                request.Content = new StringContent(text, Encoding.UTF8, "application/json");
            }
            using var response = await (client ?? Http).SendAsync(request);
            var raw = await response.Content.ReadAsStringAsync();
            return new ApiAnswer((int)response.StatusCode, raw, response.Headers);
        }

        public Task<ApiAnswer> GetAsync(string workspace, string pathAndQuery, string? token = Token) => SendAsync(HttpMethod.Get, workspace, pathAndQuery, null, token);

        public Task<ApiAnswer> PostAsync(string workspace, string path, object body, string? token = Token) => SendAsync(HttpMethod.Post, workspace, path, body, token);

        /// <summary>GET or POST that must succeed; returns the JSON body.</summary>
        public async Task<JObject> OkAsync(HttpMethod method, string workspace, string pathAndQuery, object? body = null)
        {
            var a = await SendAsync(method, workspace, pathAndQuery, body);
            if (a.Status != 200) throw new Xunit.Sdk.XunitException($"{method} {pathAndQuery} answered {a.Status}: {a.Raw}");
            return a.Json;
        }

        public async Task<string> CreatePipelineAsync(string workspace, JObject settings)
            => (string)(await OkAsync(HttpMethod.Post, workspace, "/api/2.0/pipelines", settings))["pipeline_id"]!;

        public Task<JObject> GetPipelineAsync(string workspace, string id) => OkAsync(HttpMethod.Get, workspace, "/api/2.0/pipelines/" + id);

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Emulator.DisposeAsync();
        }
    }
}
