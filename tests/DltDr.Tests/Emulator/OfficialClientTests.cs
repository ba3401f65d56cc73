using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
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

        private static void AssertApiError(JToken e, int status, string code, string? messageStart)
        {
            Assert.True((bool)e["thrown"]!, "expected the client to throw: " + e);
            Assert.Equal("ApiError", (string?)e["name"]);
            Assert.Equal(status, (int)e["statusCode"]!);
            Assert.Equal(code, (string?)e["errorCode"]);
            if (messageStart != null) Assert.StartsWith(messageStart, (string?)e["message"]);
        }

        private static async Task<(int Exit, string Stdout, string Stderr)> RunNode(string caPem, string token)
        {
            var psi = new ProcessStartInfo("node", "drive.mjs")
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
