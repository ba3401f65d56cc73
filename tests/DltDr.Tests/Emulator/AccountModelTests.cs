using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Auth;
using DltDr.Engine.Databricks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    /// <summary>
    /// The emulator's answers and DltDr's requests on the account host, field for field against the
    /// Disaster Recovery API as databricks-sdk-py models it: a copy of that model is kept in
    /// tests/fixtures/sdk-models/disasterrecovery.json with the SDK commit it was read from. A field
    /// the model does not have, a required one missing, a value of the wrong kind or outside an
    /// enum fails.
    /// </summary>
    public sealed class AccountModelTests
    {
        private static readonly JObject Model = JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "fixtures", "sdk-models",
            "disasterrecovery.json")));

        private const string OAuthToken = "eyJ-account-oauth-token";

        /// <summary>What in <paramref name="value"/> the model's <paramref name="type"/> does not allow, each with where it is.</summary>
        private static IEnumerable<string> Against(JToken? value, string type, string where)
        {
            if (value == null || value.Type == JTokenType.Null) yield break;
            if (Model["types"]![type] is JObject fields)
            {
                if (!(value is JObject o))
                {
                    yield return $"{where}: {type} is an object, not {value.Type}";
                    yield break;
                }
                foreach (var p in o.Properties())
                {
                    if (!(fields[p.Name] is JObject field))
                    {
                        yield return $"{where}.{p.Name}: {type} has no such field";
                        continue;
                    }
                    var items = (bool)field["list"]! ? (p.Value as JArray)?.Select((v, i) => (v, $"{where}.{p.Name}[{i}]"))
                        : new[] { (p.Value, $"{where}.{p.Name}") };
                    if (items == null)
                    {
                        yield return $"{where}.{p.Name}: a list, not {p.Value.Type}";
                        continue;
                    }
                    foreach (var (v, at) in items) foreach (var problem in Against(v, (string)field["type"]!, at)) yield return problem;
                }
                foreach (var required in fields.Properties().Where(f => (bool)f.Value["required"]! && o[f.Name] == null))
                {
                    yield return $"{where}.{required.Name}: required by {type}, missing";
                }
                yield break;
            }
            if (Model["enums"]![type] is JArray values)
            {
                if (!values.Select(v => (string)v!).Contains((string?)value)) yield return $"{where}: '{value}' is not a {type} ({string.Join(", ", values)})";
                yield break;
            }
            var ok = type switch
            {
                "str" => value.Type == JTokenType.String,
                "bool" => value.Type == JTokenType.Boolean,
                "int" => value.Type == JTokenType.Integer,
                "Timestamp" => value.Type == JTokenType.String && DateTimeOffset.TryParse((string?)value, CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out _),
                _ => false,
            };
            if (!ok) yield return $"{where}: '{value}' is not a {type}";
        }

        private static void Conforms(JToken answer, string type, string what)
        {
            var problems = Against(answer, type, what).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        private static async Task<JObject> CallAsync(EmulatorHarness h, HttpMethod method, string path, JObject? body = null)
        {
            using var request = new HttpRequestMessage(method, h.Emulator.AccountUrl + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OAuthToken);
            if (body != null) request.Content = new StringContent(body.ToString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await h.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
            // Timestamps as the wire has them (strings), not turned into dates.
            using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(text)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            return JObject.Load(reader);
        }

        /// <summary>A group over the emulated primary and secondary with every optional part set, so each is held to the model.</summary>
        private static async Task GroupAsync(EmulatorHarness h, string id)
        {
            var body = new JObject
            {
                ["failover_group_id"] = id,
                ["regions"] = new JArray("westeurope", "northeurope"),
                ["initial_primary_region"] = "westeurope",
                ["workspace_sets"] = new JArray(new JObject
                {
                    ["name"] = "sales",
                    ["workspace_ids"] = new JArray(h.Emulator["primary"].OrgId, h.Emulator["secondary"].OrgId),
                    ["replicate_workspace_assets"] = true,
                    ["stable_url_names"] = new JArray("sales-url"),
                }),
                ["unity_catalog_assets"] = new JObject
                {
                    ["catalogs"] = new JArray(new JObject { ["name"] = "sales" }),
                    ["data_replication_workspace_set"] = "sales",
                },
            };
            using var r = await h.Http.PostAsync(h.Emulator.ControlUrl + "/account/failover-groups",
                new StringContent(body.ToString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        [Fact]
        public void The_kept_model_says_where_it_came_from()
        {
            Assert.Equal("databricks/databricks-sdk-py", (string)Model["source"]!["repository"]!);
            Assert.Equal("databricks/sdk/service/disasterrecovery.py", (string)Model["source"]!["path"]!);
            Assert.Matches("^[0-9a-f]{40}$", (string)Model["source"]!["commit"]!);
            // The fields the issue names are all the model's, read from the SDK, not typed here.
            var fields = ((JObject)Model["types"]!["FailoverGroup"]!).Properties().Select(p => p.Name).ToHashSet();
            Assert.Subset(fields, new HashSet<string> { "name", "regions", "workspace_sets", "unity_catalog_assets", "effective_primary_region",
                "replication_point", "etag", "state", "create_time", "update_time" });
        }

        [Fact]
        public async Task Every_answer_of_the_account_host_is_the_models()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await GroupAsync(h, "fg-1");
            await GroupAsync(h, "fg-2");
            var groups = $"/api/disaster-recovery/v1/accounts/{h.Emulator.Account.AccountId}/failover-groups";
            Conforms(await CallAsync(h, HttpMethod.Get, groups + "?page_size=1"), "ListFailoverGroupsResponse", "list");
            Conforms(await CallAsync(h, HttpMethod.Get, groups), "ListFailoverGroupsResponse", "list");
            var got = await CallAsync(h, HttpMethod.Get, groups + "/fg-1");
            Conforms(got, "FailoverGroup", "get");
            var failing = await CallAsync(h, HttpMethod.Post, groups + "/fg-1/failover", new JObject
            {
                ["target_primary_region"] = "northeurope", ["failover_type"] = "FORCED", ["etag"] = got["etag"],
            });
            Conforms(failing, "FailoverGroup", "failover");
            Assert.Equal("FAILING_OVER", (string)failing["state"]!);
        }

        /// <summary>Records what DltDr sends: method, path and query, and the body.</summary>
        private sealed class Recorder : DelegatingHandler
        {
            public Recorder(HttpMessageHandler inner) : base(inner) { }

            public List<(string Method, Uri Uri, JObject? Body)> Sent { get; } = new List<(string, Uri, JObject?)>();

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content == null ? null : JObject.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
                lock (Sent) Sent.Add((request.Method.Method, request.RequestUri!, body));
                return await base.SendAsync(request, cancellationToken);
            }
        }

        [Fact]
        public async Task Every_request_DltDr_sends_to_the_account_host_is_one_of_the_models_calls()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await GroupAsync(h, "fg-sales");
            Recorder? recorder = null;
            var options = EngineClients.Options(h);
            var wrap = options.WrapHandler;
            options.WrapHandler = inner => recorder = new Recorder(wrap != null ? wrap(inner) : inner);
            using var transport = new DatabricksTransport(new Uri(h.Emulator.AccountUrl!), new StaticTokenProvider("oauth-m2m", OAuthToken), options);
            var service = new FailoverGroupsService(transport);
            var account = h.Emulator.Account.AccountId;
            var group = await service.GetAsync(account, "fg-sales", CancellationToken.None);
            await service.FailoverAsync(account, "fg-sales", "northeurope", group.Etag, CancellationToken.None);
            await service.FailoverAsync(account, "fg-sales", "westeurope", null, CancellationToken.None).ContinueWith(_ => { });

            Assert.NotNull(recorder);
            Assert.True(recorder!.Sent.Count >= 3, $"{recorder.Sent.Count} requests recorded");
            foreach (var (method, uri, body) in recorder.Sent)
            {
                var call = ((JObject)Model["calls"]!).Properties().Select(p => (JObject)p.Value).FirstOrDefault(c => (string)c["method"]! == method
                    && Regex.IsMatch(uri.AbsolutePath, "^" + Regex.Escape((string)c["path"]!).Replace(@"\{name}", "accounts/[^/]+/failover-groups/[^/]+")
                        .Replace(@"\{parent}", "accounts/[^/]+") + "$"));
                Assert.True(call != null, $"{method} {uri.AbsolutePath} is none of the model's calls");
                var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(q => q.Split('=')[0]);
                Assert.All(query, q => Assert.Contains(q, (call!["query"] as JArray)?.Select(x => (string)x!) ?? Array.Empty<string>()));
                var fields = call!["body"] as JObject;
                if (fields == null)
                {
                    Assert.Null(body);
                    continue;
                }
                Assert.NotNull(body);
                Assert.All(body!.Properties(), p => Assert.True(fields[p.Name] != null, $"{method} {uri.AbsolutePath}: the body's {p.Name} is not the model's"));
                Assert.All(fields.Properties().Where(f => (bool)f.Value["required"]!), f => Assert.True(body[f.Name] != null,
                    $"{method} {uri.AbsolutePath}: {f.Name} is required"));
                foreach (var p in body.Properties()) Conforms(p.Value, (string)fields[p.Name]!["type"]!, $"{method} body.{p.Name}");
            }
        }
    }
}
