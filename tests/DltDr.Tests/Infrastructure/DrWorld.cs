using System;
using System.Collections;
using System.IO;
using System.Security;
using System.Threading.Tasks;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// What an operator has: two emulated regions, a folder of pair definitions pointing at them,
    /// and a PowerShell session with the module imported, $DltDrPairPath set and a $token to pass.
    /// </summary>
    public sealed class DrWorld : IAsyncDisposable
    {
        private DrWorld(EmulatorHarness h)
        {
            H = h;
            Folder = Directory.CreateTempSubdirectory("dltdr-world-").FullName;
            Fixtures.CopyNotebooks(Folder);
            Ps = NewOperator();
        }

        /// <summary>
        /// Another console with the same pair folder and $token, as a second operator would have;
        /// with <paramref name="tag"/>, its requests' User-Agent ends in "operator/TAG", so the
        /// request log tells the operators apart, and <paramref name="sending"/> hears each request
        /// as it goes out.
        /// </summary>
        public PsSession NewOperator(string? tag = null, Action? sending = null)
        {
            var ps = new PsSession();
            var wrap = H.WrapHandler;
            ps.UseClock(H.Clock, tag == null ? wrap : inner => new OperatorTag(tag, sending, wrap?.Invoke(inner) ?? inner), H.StartWork);
            ps.SetVariable("DltDrPairPath", Folder);
            var token = new SecureString();
            foreach (var c in EmulatorHarness.Token) token.AppendChar(c);
            ps.SetVariable("token", token);
            return ps;
        }

        private sealed class OperatorTag : System.Net.Http.DelegatingHandler
        {
            private readonly string _tag;
            private readonly Action? _sending;

            public OperatorTag(string tag, Action? sending, System.Net.Http.HttpMessageHandler inner) : base(inner)
            {
                _tag = tag;
                _sending = sending;
            }

            protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request,
                System.Threading.CancellationToken cancellationToken)
            {
                _sending?.Invoke();
                request.Headers.TryAddWithoutValidation("User-Agent", "operator/" + _tag);
                return base.SendAsync(request, cancellationToken);
            }
        }

        public EmulatorHarness H { get; }
        public PsSession Ps { get; }
        public string Folder { get; }

        /// <summary>Two regions on a virtual time shared by the emulator and the operator's session.</summary>
        public static async Task<DrWorld> StartAsync() => new DrWorld(await EmulatorHarness.StartAsync());

        /// <summary>Writes NAME.json into the pair folder, pointing at the two emulated regions.</summary>
        public string WritePair(string name, string mode = "strict", string? primaryHost = null)
        {
            var path = Path.Combine(Folder, name + ".json");
            File.WriteAllText(path, Fixtures.PairJson(name, mode, primaryHost ?? H.Url("primary"), H.Url("secondary")));
            return path;
        }

        public PsResult Run(string script, IDictionary? parameters = null) => Ps.Run(script, parameters, TimeSpan.FromMinutes(3));

        /// <summary>Publishes the pairs and fails the test if that reports an error.</summary>
        public void Publish(params string[] pairs)
        {
            var r = Run("Publish-DltDrPipeline -Pair $args[0] -Token $token".Replace("$args[0]", string.Join(",", pairs)));
            if (r.Errors.Count > 0 || r.TerminatingError != null) throw new Xunit.Sdk.XunitException("Publish failed: " + r.AllText());
        }

        /// <summary>Edits a pair's pipeline in one region straight through the API, as someone outside DltDr would.</summary>
        public async Task EditPipelineAsync(string workspace, string pipelineName, Action<Newtonsoft.Json.Linq.JObject> change)
        {
            var list = await H.OkAsync(System.Net.Http.HttpMethod.Get, workspace, "/api/2.0/pipelines?filter=" + Uri.EscapeDataString($"name LIKE '{pipelineName}'"));
            var id = (string)list["statuses"]![0]!["pipeline_id"]!;
            var spec = (Newtonsoft.Json.Linq.JObject)(await H.GetPipelineAsync(workspace, id))["spec"]!;
            change(spec);
            await H.OkAsync(System.Net.Http.HttpMethod.Put, workspace, "/api/2.0/pipelines/" + id, spec);
        }

        /// <summary>Sets a pair's catch-up job schedule pause status straight through the API.</summary>
        public async Task SetJobPauseAsync(string workspace, string jobName, string pause)
        {
            var list = await H.OkAsync(System.Net.Http.HttpMethod.Get, workspace, "/api/2.2/jobs/list?name=" + Uri.EscapeDataString(jobName));
            var job = (Newtonsoft.Json.Linq.JObject)list["jobs"]![0]!;
            var schedule = (Newtonsoft.Json.Linq.JObject)job["settings"]!["schedule"]!;
            schedule["pause_status"] = pause;
            await H.OkAsync(System.Net.Http.HttpMethod.Post, workspace, "/api/2.2/jobs/update", new Newtonsoft.Json.Linq.JObject { ["job_id"] = job["job_id"], ["new_settings"] = new Newtonsoft.Json.Linq.JObject { ["schedule"] = schedule } });
        }

        /// <summary>Writes both emulated workspaces received so far.</summary>
        public int Writes => H["primary"].Requests.WriteCount + H["secondary"].Requests.WriteCount;

        public async ValueTask DisposeAsync()
        {
            Ps.Dispose();
            await H.DisposeAsync();
            try { Directory.Delete(Folder, true); } catch (IOException) { }
        }
    }
}
