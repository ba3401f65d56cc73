using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Auth
{
    /// <summary>The signed-in Azure CLI's token (<c>az account get-access-token</c>).</summary>
    public sealed class AzureCliProvider : CachedTokenProvider
    {
        private readonly string? _tenantId;
        private readonly AzureEndpoints _endpoints;

        public AzureCliProvider(string? tenantId, AzureEndpoints endpoints, Time.Clock? clock = null) : base(clock)
        {
            _tenantId = tenantId;
            _endpoints = endpoints;
        }

        public override string Name => "azure-cli";

        protected override async Task<AccessToken> FetchAsync(CancellationToken cancel)
        {
            var args = "account get-access-token --resource " + AzureEndpoints.DatabricksResource + " --output json"
                + (_tenantId != null ? " --tenant " + _tenantId : string.Empty);
            var windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var psi =
                new ProcessStartInfo(windows ? "cmd.exe" : _endpoints.AzCommand, windows ? "/c " + _endpoints.AzCommand + " " + args : args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new CredentialException(Name, "azure-cli: the Azure CLI could not be started.");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new CredentialException(Name,
                    $"azure-cli: the Azure CLI ('{_endpoints.AzCommand}') is not installed or not on PATH. Install it and run 'az "
                        + $"login', or choose another auth type.");
            }
            using (process)
            using (cancel.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } }))
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await Task.Run(() => process.WaitForExit(), cancel).ConfigureAwait(false);
                cancel.ThrowIfCancellationRequested();
                var output = await stdout.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    var err = (await stderr.ConfigureAwait(false)).Trim();
                    throw new CredentialException(Name,
                        "azure-cli: 'az account get-access-token' failed" + (err.Length > 0 ? ": " + Redactor.Redact(err) : ".")
                            + " Run 'az login' first.");
                }
                JObject body;
                try
                {
                    using var reader = new JsonTextReader(new StringReader(output)) { DateParseHandling = DateParseHandling.None };
                    body = JObject.Load(reader);
                }
                catch (JsonException)
                {
                    throw new CredentialException(Name, "azure-cli: 'az account get-access-token' did not print JSON.");
                }
                var token = (string?)body["accessToken"]
                    ?? throw new CredentialException(Name, "azure-cli: the Azure CLI answered without an accessToken.");
                return new AccessToken(token, ExpiresOn(body));
            }
        }

        /// <summary>expires_on (epoch seconds, newer CLIs), else expiresOn (local time text), else an hour.</summary>
        private static DateTimeOffset ExpiresOn(JObject body)
        {
            if (long.TryParse((string?)body["expires_on"], NumberStyles.Integer, CultureInfo.InvariantCulture,
                out var epoch)) return DateTimeOffset.FromUnixTimeSeconds(epoch);
            if (DateTime.TryParse((string?)body["expiresOn"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal,
                out var local)) return new DateTimeOffset(local);
            return DateTimeOffset.UtcNow.AddHours(1);
        }
    }
}
