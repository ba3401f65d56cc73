using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator
{
    /// <summary>
    /// Starts emulated workspaces on loopback and waits for Ctrl+C:
    /// <c>dotnet run --project src/DltDr.Emulator -- --workspace primary --workspace secondary</c>.
    /// </summary>
    public static class Program
    {
        private const string Usage = @"DltDr workspace emulator: Databricks Pipelines, Jobs, Workspace and OAuth APIs on 127.0.0.1.

Usage: DltDr.Emulator [options]
  --workspace NAME[=PORT]  a workspace to emulate (repeatable; default: primary and secondary on free ports)
  --control-port PORT      port of the control API (default: a free port)
  --no-control             start no control API
  --account-port PORT      port of the account host: the Disaster Recovery API's failover groups (default: a free port)
  --account-id ID          the account's id, a GUID (default: one derived from the seed)
  --no-account             start no account host
  --clock-scale N          virtual seconds per real second (default 1; 0 = manual clock, moved through the control API)
  --clock-origin TIME      the virtual time at start, ISO 8601 (default: now)
  --urls-file PATH         also write the URLs as JSON to PATH (for scripts)
  --rate-limits            enforce the documented per-workspace request limits (429 with Retry-After)
  --help                   show this help";

        public static async Task<int> Main(string[] args)
        {
            EmulatorOptions options;
            string? urlsFile;
            try
            {
                (options, urlsFile) = Parse(args);
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
            if (options == null)
            {
                Console.WriteLine(Usage);
                return 0;
            }

            var emulator = await Emulator.StartAsync(options).ConfigureAwait(false);
            Console.WriteLine("DltDr emulator is listening on loopback only:");
            foreach (var ws in emulator.Workspaces)
            {
                Console.WriteLine($"  {ws.Name,-12} {ws.BaseUrl}");
            }
            if (emulator.ControlUrl != null) Console.WriteLine($"  {"control",-12} {emulator.ControlUrl}");
            if (emulator.AccountUrl != null)
            {
                Console.WriteLine($"  {"account",-12} {emulator.AccountUrl} (account id {emulator.Account.AccountId})");
            }
            Console.WriteLine($"Clock scale {options.ClockScale.ToString(CultureInfo.InvariantCulture)}. Any bearer token is "
                + $"accepted. Press Ctrl+C to stop.");
            // SIGINT (Ctrl+C), SIGTERM and SIGQUIT end the wait; the handlers cancel the default
            // termination so the listeners close and the process ends by returning from Main. The
            // source is never disposed, so a signal that arrives while shutting down is harmless. They are in
            // place before the URLs file tells a script the emulator is up, so its first signal is handled.
            var stop = new CancellationTokenSource();
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
            if (urlsFile != null)
            {
                var doc = new JObject
                {
                    ["workspaces"] = new JObject(emulator.Workspaces.Select(w => new JProperty(w.Name, w.BaseUrl))),
                    ["control"] = emulator.ControlUrl,
                };
                if (emulator.AccountUrl != null)
                {
                    // The account host and id of the Disaster Recovery API (failover groups).
                    doc["account"] = new JObject { ["url"] = emulator.AccountUrl, ["id"] = emulator.Account.AccountId };
                }
                if (emulator.IdentityUrl != null)
                {
                    // What an Automation sandbox sets as IDENTITY_ENDPOINT and IDENTITY_HEADER.
                    doc["identity"] = new JObject { ["endpoint"] = emulator.IdentityUrl, ["header"] = emulator.Identity.Header };
                }
                // Written whole, then moved into place, so a script polling for the file never reads half of it.
                var partial = urlsFile + ".partial";
                File.WriteAllText(partial, doc.ToString());
                File.Move(partial, urlsFile, true);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await emulator.DisposeAsync().ConfigureAwait(false);
            Console.WriteLine("DltDr emulator stopped.");
            return 0;
        }

        /// <summary>The options, or null options for --help.</summary>
        public static (EmulatorOptions Options, string? UrlsFile) Parse(string[] args)
        {
            var o = new EmulatorOptions();
            string? urlsFile = null;
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--help":
                    case "-h":
                        return (null!, null);
                    case "--workspace":
                        var spec = Value();
                        var eq = spec.IndexOf('=');
                        var port = 0;
                        if (eq >= 0 && !int.TryParse(spec.Substring(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port))
                            throw new ArgumentException($"Invalid port in '{spec}': use NAME=PORT.");
                        o.Workspaces.Add(new WorkspaceOptions(eq >= 0 ? spec.Substring(0, eq) : spec, port));
                        break;
                    case "--control-port":
                        o.ControlPort = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var cp) ? cp
                            : throw new ArgumentException("--control-port needs a number.");
                        break;
                    case "--no-control":
                        o.ControlPort = null;
                        break;
                    case "--account-port":
                        o.AccountPort = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var ap) ? ap
                            : throw new ArgumentException("--account-port needs a number.");
                        break;
                    case "--account-id":
                        var accountId = Value();
                        o.AccountId = Guid.TryParse(accountId, out _) ? accountId
                            : throw new ArgumentException($"--account-id needs a GUID, not '{accountId}'.");
                        break;
                    case "--no-account":
                        o.AccountPort = null;
                        break;
                    case "--clock-scale":
                        o.ClockScale = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 ? s
                            : throw new ArgumentException("--clock-scale needs a number of at least 0.");
                        break;
                    case "--clock-origin":
                        o.ClockOrigin = DateTimeOffset.TryParse(Value(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
                            out var origin) ? origin
                                : throw new ArgumentException("--clock-origin needs a time such as 2026-11-24T00:00:00Z.");
                        break;
                    case "--rate-limits":
                        o.RateLimits = true;
                        break;
                    case "--urls-file":
                        urlsFile = Value();
                        break;
                    default:
                        throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }
            if (o.Workspaces.Count == 0)
            {
                o.Workspaces.Add(new WorkspaceOptions("primary"));
                o.Workspaces.Add(new WorkspaceOptions("secondary"));
            }
            return (o, urlsFile);
        }
    }
}
