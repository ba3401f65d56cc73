using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace DltDr.Framework.Tests
{
    /// <summary>
    /// The workspace emulator as a process of its own (the .NET 10 build, run by `dotnet`): this lane's
    /// tests may run on a runtime that cannot host it. Primary and secondary workspaces on free
    /// loopback ports, the clock 100 times real time, the control API for faults.
    /// </summary>
    public sealed class EmulatorProcess : IDisposable
    {
        private readonly Process _process;
        private readonly string _folder;
        private readonly HttpClient _control = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        public EmulatorProcess()
        {
            var dll = Repository.File("src/DltDr.Emulator/bin/Release/net10.0/DltDr.Emulator.dll");
            if (!System.IO.File.Exists(dll)) throw new InvalidOperationException($"The emulator is not built: {dll} is missing. Run dotnet build first.");
            _folder = Path.Combine(Path.GetTempPath(), "dltdr-framework-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(_folder);
            var urls = Path.Combine(_folder, "urls.json");
            var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --clock-scale 100 --urls-file \"{urls}\"")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            var said = new StringBuilder();
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => { };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (said) said.AppendLine(e.Data); };
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            // A process start, not a timing under test: a generous bound, polled.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!System.IO.File.Exists(urls))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    Dispose();
                    lock (said) throw new InvalidOperationException("The emulator did not start: " + said);
                }
                Thread.Sleep(50);
            }
            var doc = JObject.Parse(System.IO.File.ReadAllText(urls));
            Primary = (string)doc["workspaces"]!["primary"]!;
            Secondary = (string)doc["workspaces"]!["secondary"]!;
            Control = (string)doc["control"]!;
            IdentityEndpoint = (string?)doc["identity"]?["endpoint"];
            IdentityHeader = (string?)doc["identity"]?["header"];
        }

        public string Primary { get; }

        public string Secondary { get; }

        public string Control { get; }

        public string? IdentityEndpoint { get; }

        public string? IdentityHeader { get; }

        public string Url(string workspace) => workspace == "primary" ? Primary : Secondary;

        /// <summary>A call to the control API (path after /control/), answered JSON; anything but 2xx throws.</summary>
        public JObject Call(string method, string path, JObject? body = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Control.TrimEnd('/') + "/" + path);
            if (body != null) request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
            using var answer = _control.SendAsync(request).GetAwaiter().GetResult();
            var text = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"{method} /control/{path}: {(int)answer.StatusCode} {text}");
            return text.Length == 0 ? new JObject() : JObject.Parse(text);
        }

        /// <summary>Adds a fault rule (the control API's fields) to a workspace.</summary>
        public void Fault(string workspace, JObject rule) => Call("POST", $"workspaces/{workspace}/faults", rule);

        /// <summary>Takes every fault rule, the latency and a hang off a workspace.</summary>
        public void Heal(string workspace) => Call("DELETE", $"workspaces/{workspace}/faults");

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill();
                _process.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
                // It never started or is already gone.
            }
            _process.Dispose();
            _control.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
