using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using DltDr.Emulator;
using Newtonsoft.Json.Linq;

namespace DltDr.Bench
{
    /// <summary>The scenarios, in one run, against one emulator, through one hosted PowerShell session.</summary>
    internal sealed class Bench
    {
        private static readonly IPAddress SecondaryAddress = IPAddress.Parse("127.0.0.2");
        private readonly Options _o;
        private readonly string _root;
        private readonly string _manifest;
        private readonly List<(string Name, string Value)> _figures = new List<(string, string)>();
        private readonly List<(string Goal, string Measured, bool Met)> _goals = new List<(string, string, bool)>();
        private DltDr.Emulator.Emulator _emulator = null!;
        private Runspace _rs = null!;

        public Bench(Options o, string root, string manifest)
        {
            _o = o;
            _root = root;
            _manifest = manifest;
        }

        public async Task<int> RunAsync()
        {
            var folder = Path.Combine(Path.GetTempPath(), "dltdr-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            using var cert = LoopbackCertificate.Create(IPAddress.Loopback, SecondaryAddress);
            var pem = Path.Combine(folder, "emulator.pem");
            File.WriteAllText(pem, cert.ExportCertificatePem());
            var sdk = _o.Sdk;
            try
            {
                _emulator = await StartEmulatorAsync(cert, https: sdk).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                Console.WriteLine($"note: port 443 could not be bound ({ex.Message}); the official-SDK runbook is left out.");
                sdk = false;
                _emulator = await StartEmulatorAsync(cert, https: false).ConfigureAwait(false);
            }
            await using var _e = _emulator;
            using (_rs = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2()))
            {
                _rs.Open();
                var total = new[] { _o.StatusPairs, _o.ManyStatusPairs, _o.Pairs + 4 + _o.ManyPairs }.Max();
                Setup(folder, total);
                Console.WriteLine($"Publishing {total} pairs (no latency yet)...");
                Ps($"Publish-DltDrPipeline -Pair p* -Token $token -Force", expect: 2 * total); // one result per region
                SetLatency(_o.LatencyMs);
                Console.WriteLine($"Every call now takes {_o.LatencyMs} ms more in both workspaces; the documented request limits are {(_o.RateLimits ? "enforced" : "off")}.\n");

                RoundTrips();
                Failovers();
                Statuses();
                DeadRegion();
                HungRegion();
                if (sdk) await OfficialSdkAsync(pem).ConfigureAwait(false);
                else _figures.Add(("Official JS SDK runbook, " + _o.Pairs + " pairs", "not run"));
                LargeEstate();
            }
            Report();
            try { Directory.Delete(folder, true); } catch (IOException) { }
            return 0;
        }

        private async Task<DltDr.Emulator.Emulator> StartEmulatorAsync(X509Certificate2 cert, bool https)
        {
            var options = new EmulatorOptions { ClockScale = 20, ControlPort = null, TlsCertificate = https ? cert : null, RateLimits = _o.RateLimits };
            options.Workspaces.Add(new WorkspaceOptions("primary", 0, https ? 443 : (int?)null, IPAddress.Loopback));
            options.Workspaces.Add(new WorkspaceOptions("secondary", 0, https ? 443 : (int?)null, SecondaryAddress));
            return await DltDr.Emulator.Emulator.StartAsync(options).ConfigureAwait(false);
        }

        private void Setup(string folder, int total)
        {
            var notebooks = Path.Combine(folder, "notebooks");
            Directory.CreateDirectory(notebooks);
            File.WriteAllText(Path.Combine(notebooks, "bronze.py"), "import dlt\n\n@dlt.table\ndef bronze():\n    return spark.readStream.table('raw')\n");
            for (var i = 1; i <= total; i++)
            {
                var name = PairName(i);
                var pair = new JObject
                {
                    ["name"] = name,
                    ["pipeline"] = new JObject { ["name"] = name + "-dlt", ["target"] = name, ["edition"] = "ADVANCED" },
                    ["notebooks"] = new JObject { ["source"] = notebooks, ["workspaceDirectory"] = "/Shared/dltdr/" + name },
                    ["regions"] = new JObject
                    {
                        ["primary"] = new JObject { ["host"] = _emulator["primary"].BaseUrl, ["storage"] = $"abfss://dlt@weu.dfs.core.windows.net/{name}" },
                        ["secondary"] = new JObject { ["host"] = _emulator["secondary"].BaseUrl, ["storage"] = $"abfss://dlt@neu.dfs.core.windows.net/{name}" },
                    },
                };
                File.WriteAllText(Path.Combine(folder, name + ".json"), pair.ToString());
            }
            Ps($"Import-Module '{_manifest}' -ErrorAction Stop; $env:DLTDR_PAIR_PATH = '{folder}'; $token = ConvertTo-SecureString 'dapi-bench-token' -AsPlainText -Force; $PSDefaultParameterValues['*-DltDr*:Token'] = $token", expect: 0);
        }

        /// <summary>Dependent round trips: calls that start within half a latency of each other are one round.</summary>
        private void RoundTrips()
        {
            ClearLogs();
            var t0 = DateTimeOffset.UtcNow;
            Ps("Set-DltDrActiveRegion -Pair p001 -Region Secondary -Force", expect: 1);
            var calls = Entries().Where(e => e.RealTime >= t0).OrderBy(e => e.RealTime).ToList();
            var edit = calls.First(e => e.Method == "PUT" && e.Path.StartsWith("/api/2.0/pipelines/", StringComparison.Ordinal) && e.Workspace == "secondary");
            var rounds = Rounds(calls);
            var before = rounds.Count(r => r < edit.RealTime);
            _figures.Add(("Planned failover, 1 pair: round trips before the promoting edit", before.ToString(CultureInfo.InvariantCulture)));
            _figures.Add(("Planned failover, 1 pair: round trips in all (polls included) / calls", $"{rounds.Count} / {calls.Count}"));
            _goals.Add(("Round trips before the promoting edit <= 3", before.ToString(CultureInfo.InvariantCulture), before <= 3));
        }

        private void Failovers()
        {
            var many = Enumerable.Range(3, _o.Pairs).Select(PairName).ToList();
            var (one, all) = OneAgainstMany("Planned failover", "Set-DltDrActiveRegion -Pair {0} -Region Secondary -Force", "p002", many, "failovers");
            RatioToOne($"Planned failover, {many.Count} pairs", one, all);
            _failover50 = all;
        }

        /// <summary>Many pairs against one: the goal without limits; under them a figure (the limits set the floor, see <see cref="UnderTheLimits"/>).</summary>
        private void RatioToOne(string label, double one, double all)
        {
            if (_o.RateLimits) _figures.Add(($"{label}: against 1 pair", $"{all / one:0.00}x"));
            else _goals.Add(($"{label} within 3x one pair", $"{all / one:0.00}x", all / one <= 3));
        }

        /// <summary>The large estate: many pairs failed over and read at once, each against the limits' floor.</summary>
        private void LargeEstate()
        {
            var failover = Enumerable.Range(_o.Pairs + 5, _o.ManyPairs).Select(PairName).ToList();
            Timed($"Planned failover, {failover.Count} pairs at once", $"Set-DltDrActiveRegion -Pair {string.Join(",", failover)} -Region Secondary -Force", failover.Count);
            var status = Enumerable.Range(1, _o.ManyStatusPairs).Select(PairName).ToList();
            Timed($"Status, {status.Count} pairs at once", $"Get-DltDrStatus -Pair {string.Join(",", status)}", status.Count);
            if (_o.RateLimits)
            {
                var refused = _emulator.Workspaces.Sum(ws => ws.Limits.Refused.Values.Sum());
                _figures.Add(("Calls refused 429 in the whole run (retried by the transport)", refused.ToString(CultureInfo.InvariantCulture)));
                _goals.Add(("0 pairs ending in a warning or error because of a 429 (rate-limited cases)", _limitedWarnings.ToString(CultureInfo.InvariantCulture) + " warnings, 0 errors", _limitedWarnings == 0));
            }
        }

        private int _limitedWarnings;

        /// <summary>One command over many pairs, with the rate-limit floor beside it.</summary>
        private void Timed(string label, string command, int expect)
        {
            ClearLogs();
            var seconds = Ps(command, expect);
            _figures.Add((label, Seconds(seconds)));
            UnderTheLimits(label, seconds);
        }

        /// <summary>
        /// The floor the request limits put under the command just run: for each workspace and
        /// limit, the calls it took divided by the calls allowed per second; the largest of them.
        /// The goal: within 1.3x of it.
        /// </summary>
        private void UnderTheLimits(string label, double seconds)
        {
            if (!_o.RateLimits) return;
            var floor = _emulator.Workspaces
                .SelectMany(ws => ws.Requests.Entries.Where(e => e.Status != 429)
                    .Select(e => (Entry: e, Limit: ws.Limits.RuleFor(e.Method, e.Path))).Where(x => x.Limit != null)
                    .GroupBy(x => x.Limit!.Name).Select(g => (Workspace: ws.Name, Limit: g.First().Limit!, Calls: g.Count(), First: g.Min(x => x.Entry.RealTime), Last: g.Max(x => x.Entry.RealTime))))
                .Select(x => (x.Workspace, x.Limit, x.Calls, x.First, x.Last, Seconds: x.Calls / x.Limit.PerSecond))
                .OrderByDescending(x => x.Seconds).FirstOrDefault();
            if (floor.Limit == null) return;
            var ratio = seconds / floor.Seconds;
            _limitedWarnings += _lastWarnings;
            // When the floor's calls went: a late first call is work that had to come before them (a demotion before its resume).
            _figures.Add(($"{label}: rate-limit floor", $"{Seconds(floor.Seconds)} ({floor.Calls} {floor.Limit.Name} calls in {floor.Workspace} at {floor.Limit}, sent from +{(floor.First - _commandStart).TotalSeconds:0.0} s to +{(floor.Last - _commandStart).TotalSeconds:0.0} s); measured {ratio:0.00}x"));
            _goals.Add(($"{label} within 1.3x of the rate-limit floor", $"{ratio:0.00}x ({Seconds(seconds)} vs {Seconds(floor.Seconds)})", ratio <= 1.3));
        }

        private double _failover50;

        private void Statuses()
        {
            var names = Enumerable.Range(1, _o.StatusPairs).Select(PairName).ToList();
            var (one, all) = OneAgainstMany("Status", "Get-DltDrStatus -Pair {0}", "p001", names, "status reads");
            RatioToOne($"Status of {names.Count} pairs", one, all);
        }

        /// <summary>One pair, then many at once through the same command, with the memory the many took.</summary>
        private (double One, double Many) OneAgainstMany(string label, string command, string onePair, List<string> many, string what)
        {
            var one = Ps(string.Format(CultureInfo.InvariantCulture, command, onePair), expect: 1);
            var before = Memory();
            ClearLogs();
            var all = Ps(string.Format(CultureInfo.InvariantCulture, command, string.Join(",", many)), expect: many.Count);
            var after = Memory();
            _figures.Add(($"{label}, 1 pair", Seconds(one)));
            _figures.Add(($"{label}, {many.Count} pairs at once", Seconds(all)));
            UnderTheLimits($"{label}, {many.Count} pairs at once", all);
            _figures.Add(($"Managed heap after {many.Count} {what} (bench process, emulator included)", $"{after.Heap / 1048576.0:0.0} MiB (was {before.Heap / 1048576.0:0.0}); {(after.Allocated - before.Allocated) / 1048576.0 / many.Count:0.00} MiB allocated per pair"));
            return (one, all);
        }

        private void DeadRegion()
        {
            var pair = PairName(_o.Pairs + 3);
            _emulator.TakeDownAsync("primary").GetAwaiter().GetResult();
            var status = Ps($"Get-DltDrStatus -Pair {pair}", expect: 1);
            var failover = Ps($"Set-DltDrActiveRegion -Pair {pair} -Region Secondary -Unplanned -Force -WarningAction SilentlyContinue", expect: 1);
            _emulator.BringUpAsync("primary").GetAwaiter().GetResult();
            Ps($"Set-DltDrActiveRegion -Pair {pair} -Region Secondary -Force", expect: 1); // demotes the returned primary
            _figures.Add(("Primary refusing connections: status, 1 pair", Seconds(status)));
            _figures.Add(("Primary refusing connections: unplanned failover, 1 pair", Seconds(failover)));
            _goals.Add(("Dead region: status <= 5 s", Seconds(status), status <= 5));
            _goals.Add(("Dead region: unplanned failover <= 15 s", Seconds(failover), failover <= 15));
        }

        private void HungRegion()
        {
            var pair = PairName(_o.Pairs + 4);
            var t = _o.RegionTimeoutSec;
            _emulator["primary"].Faults.Hang();
            var status = Ps($"Get-DltDrStatus -Pair {pair} -RegionTimeoutSec {t}", expect: 1);
            var failover = Ps($"Set-DltDrActiveRegion -Pair {pair} -Region Secondary -Unplanned -Force -RegionTimeoutSec {t} -WarningAction SilentlyContinue", expect: 1);
            _emulator["primary"].Faults.Unhang();
            Ps($"Set-DltDrActiveRegion -Pair {pair} -Region Secondary -Force", expect: 1);
            _figures.Add(($"Primary hung (-RegionTimeoutSec {t}): status, 1 pair", Seconds(status)));
            _figures.Add(($"Primary hung (-RegionTimeoutSec {t}): unplanned failover, 1 pair", Seconds(failover)));
            _goals.Add(("Hung region: status costs one -RegionTimeoutSec (<= 1.25x)", $"{status / t:0.00}x", status / t <= 1.25));
            _goals.Add(("Hung region: unplanned failover costs one -RegionTimeoutSec (<= 1.25x)", $"{failover / t:0.00}x", failover / t <= 1.25));
        }

        /// <summary>The same pairs failed back by a sequential runbook on the official JS SDK.</summary>
        private async Task OfficialSdkAsync(string pem)
        {
            var dir = Path.Combine(_root, "bench", "official-sdk");
            if (!Directory.Exists(Path.Combine(dir, "node_modules", "@databricks", "sdk-experimental")))
            {
                var (code, _, err) = await Exec("npm", "ci --no-audit --no-fund", dir, null).ConfigureAwait(false);
                if (code != 0) throw new InvalidOperationException("npm ci failed in bench/official-sdk: " + err);
            }
            var names = Enumerable.Range(3, _o.Pairs).Select(PairName).ToList();
            var env = new Dictionary<string, string>
            {
                ["TARGET_HOST"] = "https://127.0.0.1",
                ["OTHER_HOST"] = "https://" + SecondaryAddress,
                ["DATABRICKS_TOKEN"] = "dapi-bench-token",
                ["PAIRS"] = string.Join(",", names),
                ["NODE_EXTRA_CA_CERTS"] = pem,
                ["DATABRICKS_CONFIG_FILE"] = Path.Combine(dir, "no-such-databrickscfg"),
            };
            var sw = Stopwatch.StartNew();
            var (exit, stdout, stderr) = await Exec("node", "failover.mjs", dir, env).ConfigureAwait(false);
            var seconds = sw.Elapsed.TotalSeconds;
            if (exit != 0) throw new InvalidOperationException($"the official-SDK runbook failed ({exit}): {stderr}");
            Console.WriteLine("  official JS SDK runbook: " + stdout.Trim());
            _figures.Add(($"Official JS SDK runbook (sequential), the same {names.Count} pairs back", Seconds(seconds)));
            _goals.Add(($"DltDr >= 10x faster than the official-SDK runbook ({names.Count} pairs)", $"{seconds / _failover50:0.0}x", seconds / _failover50 >= 10));
        }

        private int _lastWarnings;
        private DateTimeOffset _commandStart;

        private double Ps(string script, int expect)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _rs;
            ps.AddScript(script);
            var sw = Stopwatch.StartNew();
            _commandStart = DateTimeOffset.UtcNow;
            var output = ps.Invoke();
            var seconds = sw.Elapsed.TotalSeconds;
            _lastWarnings = ps.Streams.Warning.Count;
            if (ps.Streams.Error.Count > 0)
                throw new InvalidOperationException($"'{script}' wrote errors:\n" + string.Join("\n", ps.Streams.Error.Select(e => e.ToString())));
            if (output.Count != expect)
                throw new InvalidOperationException($"'{script}' wrote {output.Count} objects, expected {expect}.");
            if (expect > 0) Console.WriteLine($"  {seconds,7:0.00} s  {(script.Length > 90 ? script.Substring(0, 87) + "..." : script)}");
            return seconds;
        }

        private void SetLatency(int ms)
        {
            foreach (var ws in _emulator.Workspaces) ws.Faults.Latency = TimeSpan.FromMilliseconds(ms);
        }

        private void ClearLogs()
        {
            foreach (var ws in _emulator.Workspaces) ws.Requests.Clear();
        }

        private IEnumerable<(DateTimeOffset RealTime, string Method, string Path, string Workspace)> Entries()
            => _emulator.Workspaces.SelectMany(ws => ws.Requests.Entries.Select(e => (e.RealTime, e.Method, e.Path, ws.Name)));

        private List<DateTimeOffset> Rounds(IEnumerable<(DateTimeOffset RealTime, string Method, string Path, string Workspace)> calls)
        {
            var starts = new List<DateTimeOffset>();
            DateTimeOffset? last = null;
            foreach (var c in calls)
            {
                if (last == null || (c.RealTime - last.Value).TotalMilliseconds > _o.LatencyMs / 2.0) starts.Add(c.RealTime);
                last = c.RealTime;
            }
            return starts;
        }

        private static (long Heap, long Allocated) Memory()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return (GC.GetTotalMemory(true), GC.GetTotalAllocatedBytes(true));
        }

        private void Report()
        {
            var sb = new StringBuilder();
            sb.AppendLine();
            sb.AppendLine($"DltDr benchmark: {_o.LatencyMs} ms added to every call, documented request limits {(_o.RateLimits ? "enforced" : "off")}, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd}");
            sb.AppendLine();
            sb.AppendLine("| Measured | Value |");
            sb.AppendLine("|---|---|");
            foreach (var (name, value) in _figures) sb.AppendLine($"| {name} | {value} |");
            sb.AppendLine();
            sb.AppendLine("| Goal | Measured | Met |");
            sb.AppendLine("|---|---|---|");
            foreach (var (goal, measured, met) in _goals) sb.AppendLine($"| {goal} | {measured} | {(met ? "yes" : "NO")} |");
            Console.Write(sb.ToString());
        }

        private static string Seconds(double s) => s.ToString("0.00", CultureInfo.InvariantCulture) + " s";

        private static string PairName(int i) => "p" + i.ToString("000", CultureInfo.InvariantCulture);

        private static async Task<(int Exit, string Stdout, string Stderr)> Exec(string file, string args, string dir, Dictionary<string, string>? env)
        {
            var psi = new ProcessStartInfo(file, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var v in new[] { "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "DATABRICKS_HOST", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE" }) psi.Environment.Remove(v);
            if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().ConfigureAwait(false);
            return (p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
