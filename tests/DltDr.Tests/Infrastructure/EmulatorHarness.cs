using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Emulator;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using DltDr.Emulator.Model;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// An in-process emulator on free loopback ports and plain HTTP helpers. By default it runs on a
    /// test's <see cref="VirtualTime"/>, which the module under test shares through <see cref="Clock"/>
    /// and <see cref="WrapHandler"/>: time moves only when something waits on it.
    /// </summary>
    public sealed class EmulatorHarness : IAsyncDisposable
    {
        public static readonly DateTimeOffset Origin = Fixtures.ClockOrigin;
        public const string Token = "dapi-test-token-0123456789";

        private EmulatorHarness(DltDr.Emulator.Emulator emulator, VirtualTime? time)
        {
            Emulator = emulator;
            Time = time;
            Clock = time != null ? new TimeProviderClock(time) : DltDr.Engine.Time.Clock.System;
            if (time != null) time.Busy = () => emulator.ChangingListeners;
            HttpMessageHandler handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
            // The test's own calls go through the virtual time too, so a hang it makes is known as one.
            if (time != null) handler = time.WrapForTest(handler);
            Http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        public DltDr.Emulator.Emulator Emulator { get; }
        public HttpClient Http { get; }

        /// <summary>The test's time: the emulator's clock follows it, and so does the module through <see cref="Clock"/>; null on real time.</summary>
        public VirtualTime? Time { get; }

        /// <summary>The engine's clock for this emulator: the virtual time, or the machine's.</summary>
        public DltDr.Engine.Time.Clock Clock { get; }

        /// <summary>What the module's HTTP handler is wrapped in, so the virtual time knows its calls; null on real time.</summary>
        public Func<HttpMessageHandler, HttpMessageHandler>? WrapHandler => Time == null ? null : Time.Wrap;

        /// <summary>Where a module command's work starts: on the virtual time's thread, so time waits for it; null on real time.</summary>
        public Func<Action, Task>? StartWork => Time == null ? null : Time.Start;

        /// <summary>Starts the workspaces (primary and secondary when none are named) on a virtual time starting at <see cref="Origin"/>.</summary>
        public static async Task<EmulatorHarness> StartAsync(params string[] workspaces)
        {
            var time = new VirtualTime(Origin);
            var options = Options(workspaces);
            options.ClockScale = 1;
            options.Time = time;
            options.HeldRequests = time;
            return new EmulatorHarness(await DltDr.Emulator.Emulator.StartAsync(options), time);
        }

        /// <summary>Starts the workspaces on the machine's clock, scaled: for what only real time shows.</summary>
        public static async Task<EmulatorHarness> StartRealTimeAsync(double clockScale, params string[] workspaces)
        {
            var options = Options(workspaces);
            options.ClockScale = clockScale;
            return new EmulatorHarness(await DltDr.Emulator.Emulator.StartAsync(options), null);
        }

        private static EmulatorOptions Options(string[] workspaces)
        {
            var options = EmulatorOptions.ForWorkspaces(workspaces.Length == 0 ? new[] { "primary", "secondary" } : workspaces);
            options.ClockOrigin = Origin;
            return options;
        }

        public EmulatedWorkspace this[string name] => Emulator[name];

        public string Url(string workspace) => Emulator[workspace].BaseUrl;

        /// <summary>Moves time on: the virtual time (for the emulator and the module alike), or the emulator's own clock on real time.</summary>
        public DateTimeOffset Advance(double seconds)
        {
            if (Time == null) return Emulator.Advance(TimeSpan.FromSeconds(seconds));
            Time.Advance(TimeSpan.FromSeconds(seconds));
            return Emulator.Clock.Now;
        }

        /// <param name="timeout">
        /// How long to wait for the answer, on the test's time; when not given, a minute of real time,
        /// a bound for a test gone wrong that never moves the test's time.
        /// </param>
        public async Task<ApiAnswer> SendAsync(HttpMethod method, string workspace, string pathAndQuery, object? body = null, string? token = Token,
            HttpClient? client = null, TimeSpan? timeout = null)
        {
            // The test's own call, with its timeout on the test's time: followed while it runs, so
            // time does not move between the timeout's start and the call going out.
            Time?.Follow();
            using var within = timeout is TimeSpan t ? new CancellationTokenSource(t, (TimeProvider?)Time ?? TimeProvider.System) : new CancellationTokenSource(TimeSpan.FromMinutes(1));
            using var request = new HttpRequestMessage(method, Url(workspace) + pathAndQuery);
            if (token != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body != null)
            {
                var text = body as string ?? (body is JToken jt ? jt.ToString(Formatting.None) : JsonConvert.SerializeObject(body));
                request.Content = new StringContent(text, Encoding.UTF8, "application/json");
            }
            using var response = await (client ?? Http).SendAsync(request, within.Token);
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
            Time?.Dispose();
        }
    }
}
