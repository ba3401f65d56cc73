using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DltDr.Emulator;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    /// <summary>
    /// Databricks' official generated client (@databricks/sdk-experimental, unchanged) drives the
    /// emulator and gets the service's answers and errors. The client speaks only https and always
    /// uses port 443, so the workspace also listens with TLS on 127.0.0.1:443 with a self-signed
    /// certificate that node is told to trust.
    /// </summary>
    [Collection("Port 443")]
    public class OfficialClientTests
    {
        private static readonly string SdkDir = Path.Combine(RepoPaths.Root, "tests", "sdk-compat");

        [Fact]
        public async Task The_official_client_drives_pipelines_jobs_and_notebooks()
        {
            EnsureSdkInstalled();
            using var cert = LoopbackCertificate.Create();
            var pem = Path.Combine(Path.GetTempPath(), $"dltdr-emulator-{Guid.NewGuid():N}.pem");
            File.WriteAllText(pem, cert.ExportCertificatePem());
            var options = new EmulatorOptions { ClockScale = 50, TlsCertificate = cert, ControlPort = null };
            options.Workspaces.Add(new WorkspaceOptions("primary", 0, 443));
            try
            {
                await using var emulator = await DltDr.Emulator.Emulator.StartAsync(options);
                var (exit, stdout, stderr) = await RunNode(pem, "dapi-sdk-compat-token");
                Assert.True(exit == 0, $"node exited {exit}: {stderr}\n{stdout}");
                var o = ApiAnswer.Parse(stdout);

                Assert.Equal("# Databricks notebook source\nimport dlt\n", (string?)o["exported"]);
                Assert.Equal("NOTEBOOK", (string?)o["status"]!["object_type"]);
                AssertApiError(o["importExists"]!, 400, "RESOURCE_ALREADY_EXISTS", "Path (/Shared/dltdr/sales/bronze) already exists.");

                var id = (string)o["created"]!["pipeline_id"]!;
                Assert.Equal(id, (string?)o["got"]!["pipeline_id"]);
                Assert.Equal("IDLE", (string?)o["got"]!["state"]);
                Assert.Equal("advanced", (string?)o["got"]!["spec"]!["edition"]);
                Assert.True((bool)o["edited"]!["development"]!);
                AssertApiError(o["staleEdit"]!, 409, "RESOURCE_CONFLICT", null);

                var updateId = (string)o["started"]!["update_id"]!;
                AssertApiError(o["startAgain"]!, 409, "RESOURCE_CONFLICT", $"Cannot start a new update of pipeline {id}: the update {updateId} is still active");
                Assert.Equal(updateId, (string?)o["update"]!["update"]!["update_id"]);
                Assert.Equal("IDLE", (string?)o["stoppedState"]);
                Assert.Equal(new[] { "sales-dlt" }, o["listed"]!.Values<string>());

                Assert.Equal("PAUSED", (string?)o["job"]!["settings"]!["schedule"]!["pause_status"]);
                Assert.Equal("TERMINATED", (string?)o["run"]!["life_cycle_state"]);
                Assert.Equal("SUCCESS", (string?)o["run"]!["result_state"]);
                Assert.Equal(id, (string?)o["run"]!["task_pipeline"]);

                AssertApiError(o["missingPipeline"]!, 404, "RESOURCE_DOES_NOT_EXIST", "The specified pipeline does-not-exist was not found.");
                AssertApiError(o["missingJob"]!, 400, "INVALID_PARAMETER_VALUE", "Job 42 does not exist.");

                Assert.Equal(DltDr.Emulator.Auth.AuthPolicy.DefaultUser, (string?)o["me"]!["userName"]);
                Assert.Equal(DltDr.Emulator.Auth.AuthPolicy.DefaultUser, (string?)o["me"]!["emails"]![0]!["value"]);
                Assert.Equal("sdk-compat-sp", (string?)o["m2mMe"]!["applicationId"]);
                Assert.Contains(emulator["primary"].Requests.Entries, e => e.Method == "POST" && e.Path == "/oidc/v1/token");

                // It really was the official client: its User-Agent, over TLS, on the workspace.
                // (Its OAuth calls send no User-Agent; its REST calls all do.)
                var agents = emulator["primary"].Requests.Entries.Where(e => e.Path.StartsWith("/api/", StringComparison.Ordinal)).Select(e => e.UserAgent).Distinct().ToList();
                Assert.All(agents, a => Assert.Contains("databricks-sdk-js", a));
            }
            finally
            {
                File.Delete(pem);
            }
        }

        /// <summary>
        /// A pipeline made as the editor or a bundle makes it, by the official client (a folder of
        /// workspace files, root_path, a glob, environment dependencies, fields DltDr has no place
        /// for), is taken into DR and switched: New-DltDrPair, Publish-DltDrPipeline -Adopt, a
        /// failover and a failback. Read back by the same client, the primary's settings are what
        /// they were but for DltDr's marker tags, the running update was not restarted by the
        /// adoption, and the secondary has the folder.
        /// </summary>
        [Fact]
        public async Task A_pipeline_the_official_client_made_round_trips_through_DR()
        {
            EnsureSdkInstalled();
            using var cert = LoopbackCertificate.Create();
            var pem = Path.Combine(Path.GetTempPath(), $"dltdr-emulator-{Guid.NewGuid():N}.pem");
            File.WriteAllText(pem, cert.ExportCertificatePem());
            var folder = Directory.CreateTempSubdirectory("dltdr-onboard-").FullName;
            var options = new EmulatorOptions { ClockScale = 100, TlsCertificate = cert, ControlPort = null };
            options.Workspaces.Add(new WorkspaceOptions("primary", 0, 443));
            options.Workspaces.Add(new WorkspaceOptions("secondary"));
            try
            {
                await using var emulator = await DltDr.Emulator.Emulator.StartAsync(options);
                var created = await RunNodeJson(pem, "onboard.mjs", "create");
                var id = (string)created["pipeline_id"]!;
                var before = await RunNodeJson(pem, "onboard.mjs", "read", id);
                // Long enough for the service to start the continuous update (the emulator's start takes seconds).
                emulator.Advance(TimeSpan.FromMinutes(5));
                var running = await RunNodeJson(pem, "onboard.mjs", "read", id);
                Assert.Equal("RUNNING", (string?)running["state"]);

                using var ps = new PsSession();
                var token = new System.Security.SecureString();
                foreach (var c in EmulatorHarness.Token) token.AppendChar(c);
                ps.SetVariable("token", token);
                ps.SetVariable("p", emulator["primary"].BaseUrl);
                ps.SetVariable("s", emulator["secondary"].BaseUrl);
                ps.SetVariable("folder", folder);
                var r = ps.Run(@"
$draft = New-DltDrPair clicks -PrimaryHost $p -SecondaryHost $s -Token $token -Path $folder -WarningAction SilentlyContinue
$pair = Get-DltDrPair -Path $draft.Path
$published = $pair | Publish-DltDrPipeline -Adopt -Force -Token $token
$failover = Set-DltDrActiveRegion -Pair $pair -Region Secondary -Force -Token $token
$failback = Set-DltDrActiveRegion -Pair $pair -Region Primary -Force -Token $token
[pscustomobject]@{
    Include = $draft.Include -join ','
    Restarted = ($published | Where-Object Region -EQ Primary).RestartedPipeline
    Copied = (($published | Where-Object Region -EQ Secondary).Changes | Where-Object { $_ -like 'Create File *' -or $_ -like 'Create Notebook *' }) -join ';'
    Failover = $failover.ActiveRegion.ToString()
    Failback = $failback.ActiveRegion.ToString()
}", timeout: TimeSpan.FromMinutes(3));
                Assert.True(r.Errors.Count == 0 && r.TerminatingError == null, r.AllText());
                var o = r.Output.Single();
                Assert.Equal("transformations/**", (string)o.Properties["Include"].Value);
                Assert.False((bool)o.Properties["Restarted"].Value);
                const string root = "/Workspace/Users/ana@example.com/clicks";
                Assert.Equal(string.Join(";", new[] { "Create Notebook " + root + "/explorations/look", "Create File " + root + "/transformations/daily_clicks.sql",
                    "Create File " + root + "/transformations/raw_clicks.py", "Create File " + root + "/utilities/cleaning.py" }),
                    (string)o.Properties["Copied"].Value);
                Assert.Equal("Secondary", (string)o.Properties["Failover"].Value);
                Assert.Equal("Primary", (string)o.Properties["Failback"].Value);

                // The adoption did not restart the running update: the failover stopped it, the failback started another.
                var after = await RunNodeJson(pem, "onboard.mjs", "read", id);
                Assert.NotEqual((string?)running["update_id"], (string?)after["update_id"]);
                var adoptedLog = emulator["primary"].Requests.Entries.Where(e => e.Method == "PUT" && e.Path == "/api/2.0/pipelines/" + id).ToList();
                Assert.Equal(2, adoptedLog.Count); // the demoting edit and the promoting edit: none from the adoption
                Assert.Equal(Strip(before["spec"]!), Strip(after["spec"]!));
                Assert.Equal("policy-web-1", (string?)after["spec"]!["budget_policy_id"]);
                Assert.Equal("clicks_events", (string?)after["spec"]!["event_log"]!["name"]);
                Assert.True((bool)after["spec"]!["continuous"]!);
            }
            finally
            {
                File.Delete(pem);
                Directory.Delete(folder, true);
            }
        }

        /// <summary>A spec without DltDr's own marker tags, keys sorted: the service promises no order.</summary>
        private static string Strip(JToken spec)
        {
            var copy = (JObject)spec.DeepClone();
            if (copy["tags"] is JObject tags)
            {
                foreach (var t in tags.Properties().Where(t => t.Name.StartsWith("dltdr-", StringComparison.Ordinal)).ToList()) t.Remove();
            }
            return Sorted(copy).ToString(Newtonsoft.Json.Formatting.None);
        }

        private static JToken Sorted(JToken t) => t switch
        {
            JObject o => new JObject(o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Sorted(p.Value)))),
            JArray a => new JArray(a.Select(Sorted)),
            _ => t.DeepClone(),
        };

        private static async Task<JObject> RunNodeJson(string pem, string script, params string[] args)
        {
            var (exit, stdout, stderr) = await RunNode(pem, "dapi-sdk-compat-token", script, args);
            Assert.True(exit == 0, $"node {script} exited {exit}: {stderr}\n{stdout}");
            return (JObject)ApiAnswer.Parse(stdout);
        }

        private static void AssertApiError(JToken e, int status, string code, string? messageStart)
        {
            Assert.True((bool)e["thrown"]!, "expected the client to throw: " + e);
            Assert.Equal("ApiError", (string?)e["name"]);
            Assert.Equal(status, (int)e["statusCode"]!);
            Assert.Equal(code, (string?)e["errorCode"]);
            if (messageStart != null) Assert.StartsWith(messageStart, (string?)e["message"]);
        }

        private static async Task<(int Exit, string Stdout, string Stderr)> RunNode(string caPem, string token, string script = "drive.mjs",
            params string[] args)
        {
            var psi = new ProcessStartInfo("node", string.Join(" ", new[] { script }.Concat(args)))
            {
                WorkingDirectory = SdkDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["DATABRICKS_HOST"] = "https://127.0.0.1";
            psi.Environment["DATABRICKS_TOKEN"] = token;
            psi.Environment["NODE_EXTRA_CA_CERTS"] = caPem;
            psi.Environment["DATABRICKS_CONFIG_FILE"] = Path.Combine(SdkDir, "no-such-databrickscfg");
            foreach (var v in new[] { "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_TENANT_ID", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy" })
            {
                psi.Environment.Remove(v);
            }
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(true);
                throw new TimeoutException("node did not finish in 120 s: " + await stderr);
            }
            return (p.ExitCode, await stdout, await stderr);
        }

        /// <summary>Installs the pinned client from package-lock.json when it is not there yet.</summary>
        private static void EnsureSdkInstalled()
        {
            if (Directory.Exists(Path.Combine(SdkDir, "node_modules", "@databricks", "sdk-experimental"))) return;
            var psi = new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = SdkDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("npm is needed to install @databricks/sdk-experimental for this test.");
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit(300_000);
            Assert.True(p.ExitCode == 0, "npm ci in tests/sdk-compat failed: " + err.Result);
        }
    }
}
