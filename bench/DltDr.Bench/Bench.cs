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
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DltDr.Emulator;
using Newtonsoft.Json.Linq;
using DltDr.Emulator.Model;

namespace DltDr.Bench
{
    /// <summary>The scenarios, in one run, against one emulator, through one hosted PowerShell session.</summary>
    internal sealed partial class Bench
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
            if (_o.WorkspacePairs > 0)
            {
                try
                {
                    return await EstateAsync(folder).ConfigureAwait(false);
                }
                finally
                {
                    try { Directory.Delete(folder, true); } catch (IOException) { }
                }
            }
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
                var total = new[] { _o.StatusPairs, _o.ManyStatusPairs, _o.Pairs + 4 + _o.ManyPairs, _o.Follow + 2 }.Max();
                Setup(folder, total);
                Console.WriteLine($"Publishing {total} pairs (no latency yet)...");
                Ps($"Publish-DltDrPipeline -Pair p* -Token $token -Force", expect: 2 * total); // one result per region
                _published = total;
                SetLatency(_o.LatencyMs);
                Console.WriteLine($"Every call now takes {_o.LatencyMs} ms more in both workspaces; the documented request limits are {(_o.RateLimits ? "enforced" : "off")}.\n");

                if (_o.Follow > 0)
                {
                    await CreateFailoverGroupAsync().ConfigureAwait(false);
                    for (_run = 1; _run <= _o.Repeat; _run++) await FollowAsync().ConfigureAwait(false);
                    Spread();
                    Report();
                    return 0;
                }
                if (_o.Onboard > 0)
                {
                    for (_run = 1; _run <= _o.Repeat; _run++) Onboard(folder);
                    Spread();
                    Report();
                    return 0;
                }
                RoundTrips();
                for (_run = 1; _run <= _o.Repeat; _run++)
                {
                    if (_o.Repeat > 1) Console.WriteLine($"Run {_run} of {_o.Repeat}");
                    OnePair();
                    if (_o.RateLimits && !_o.EstateOnly)
                    {
                        foreach (var c in Cases().Where(c => _o.Case == null || _o.Case.Split(',').Contains(c.Label))) RunCase(c);
                    }
                }
                Spread();
                if (_o.RateLimits)
                {
                    if (!_o.OnlyCases)
                    {
                        LargeEstate();
                        DrReport();
                    }
                }
                else
                {
                    Failovers();
                    Statuses();
                }
                if (!_o.OnlyCases && !_o.EstateOnly)
                {
                    DeadRegion();
                    HungRegion();
                    if (sdk) await OfficialSdkAsync(pem).ConfigureAwait(false);
                    else _figures.Add(("Official JS SDK runbook, " + _o.Pairs + " pairs", "not run"));
                }
            }
            Report();
            try { Directory.Delete(folder, true); } catch (IOException) { }
            return 0;
        }

        private async Task<DltDr.Emulator.Emulator> StartEmulatorAsync(X509Certificate2 cert, bool https)
        {
            // The control API only for --follow: it makes the account's failover group (DltDr never creates one).
            var options = new EmulatorOptions { ClockScale = 20, ControlPort = _o.Follow > 0 ? 0 : (int?)null,
                TlsCertificate = https ? cert : null, RateLimits = _o.RateLimits };
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
                // --follow: p003 on are the group that follows the account failover group.
                if (_o.Follow > 0 && i >= 3 && i < 3 + _o.Follow) pair["group"] = "follow";
                File.WriteAllText(Path.Combine(folder, name + ".json"), pair.ToString());
            }
            if (_o.Follow > 0)
            {
                File.WriteAllText(Path.Combine(folder, "follow.group.json"), new JObject
                {
                    ["group"] = "follow",
                    ["failoverGroup"] = new JObject
                    {
                        ["account"] = _emulator.AccountUrl, ["accountId"] = _emulator.Account.AccountId, ["id"] = FollowGroup,
                        ["regions"] = new JObject { ["primary"] = "westeurope", ["secondary"] = "northeurope" },
                    },
                }.ToString());
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

        /// <summary>The three cases of the outage day (and the fourth, both at once), each run on the same pairs.</summary>
        private IEnumerable<Case> Cases()
        {
            yield return new Case("documented limits", "documented", 1.2, ws => { });
            yield return new Case("a quarter of the documented limits, and limits on the Pipelines API (none documented): the module is told none of them", "quarter", 1.3, Quarter);
            yield return new Case("documented limits, and 10% of Pipelines API calls answered 429 (Retry-After 1) whatever the pace", "noise", 1.6, Noise);
            yield return new Case("a quarter of the limits, Pipelines API limits, and the same 10%", "quarter+noise", null, ws => { Quarter(ws); Noise(ws); });
        }

        /// <summary>Figures the module is not told: a quarter of every documented limit, and the Pipelines API's reads 10 a second, edits and other writes 5.</summary>
        private static void Quarter(EmulatedWorkspace ws)
        {
            var quarter = ws.Limits.Rules.Where(r => r.Limits).Select(r => (r.Name, Math.Max(1, r.Count / 4), r.Window)).ToList();
            quarter.Add(("pipelines/read", 10, TimeSpan.FromSeconds(1)));
            quarter.Add(("pipelines/edit", 5, TimeSpan.FromSeconds(1)));
            quarter.Add(("pipelines/write", 5, TimeSpan.FromSeconds(1)));
            ws.Limits.Set(quarter);
        }

        private static void Noise(EmulatedWorkspace ws)
            => ws.Faults.Add(new DltDr.Emulator.Faults.FaultRule { Status = 429, RetryAfterSeconds = 1, Rate = 0.1, PathPrefix = "/api/2.0/pipelines" });

        /// <summary>Status of 100 pairs, failover of 50, failback of the same 50, each beside its floor.</summary>
        private void RunCase(Case c)
        {
            Console.WriteLine($"Case: {c.Description}");
            foreach (var ws in _emulator.Workspaces)
            {
                ws.Limits.Reset();
                ws.Faults.Clear();
                ws.Faults.Latency = TimeSpan.FromMilliseconds(_o.LatencyMs);
                c.Apply(ws);
            }
            var status = Enumerable.Range(1, _o.StatusPairs).Select(PairName).ToList();
            var moved = Enumerable.Range(3, _o.Pairs).Select(PairName).ToList();
            Measure(c, $"status of {status.Count}", $"Get-DltDrStatus -Pair {string.Join(",", status)}", status.Count, _oneStatus,
                _statusFirstCalls);
            Measure(c, $"failover of {moved.Count}", $"Set-DltDrActiveRegion -Pair {string.Join(",", moved)} -Region Secondary -Force", moved.Count,
                _oneFailover, _failoverFirstCalls);
            Measure(c, $"failback of {moved.Count}", $"Set-DltDrActiveRegion -Pair {string.Join(",", moved)} -Region Primary -Force", moved.Count,
                _oneFailover, _failoverFirstCalls);
            foreach (var ws in _emulator.Workspaces)
            {
                ws.Limits.Reset();
                ws.Faults.Clear();
                ws.Faults.Latency = TimeSpan.FromMilliseconds(_o.LatencyMs);
            }
        }

        /// <summary>One command of a case, beside its floor; the goal is the case's ratio.</summary>
        private void Measure(Case c, string what, string command, int expect, double onePair, Dictionary<string, double> firstCalls)
        {
            // The buckets full again, as at the start of a command that follows none.
            System.Threading.Thread.Sleep(1500);
            ClearLogs();
            var seconds = Ps(command, expect);
            _limitedWarnings += _lastWarnings;
            Trace($"{c.Label}-{what.Replace(' ', '-')}");
            var floor = Floor(onePair, firstCalls, c.Label.Contains("noise", StringComparison.Ordinal));
            var ratio = seconds / floor.Seconds;
            if (c.Label == "documented" && what.StartsWith("failover", StringComparison.Ordinal)) _failover50 = seconds;
            var refused = _emulator.Workspaces.Sum(ws => ws.Requests.Entries.Count(e => e.Status == 429));
            var plain = floor.Plain > 0 ? $"{Seconds(floor.Plain)}: {seconds / floor.Plain:0.00}x" : "none";
            var run = _o.Repeat > 1 ? $"{_run} | " : "";
            _caseRows.Add($"| {run}{c.Label} | {what} | {Seconds(seconds)} | {Seconds(floor.Seconds)} ({floor.Why}) | {ratio:0.00}x | {plain} | "
                + $"{refused} | {_lastWarnings} |");
            Sample($"{c.Label}: {what} within {c.Goal:0.0}x of its floor", c.Goal, ratio, $"{ratio:0.00}x ({Seconds(seconds)} vs {Seconds(floor.Seconds)})");
        }

        private readonly List<string> _caseRows = new List<string>();

        /// <summary>With --trace DIR: the request log of the command just run, one CSV per command (seconds from its start).</summary>
        private void Trace(string name)
        {
            if (_o.TraceDirectory == null) return;
            Directory.CreateDirectory(_o.TraceDirectory);
            var lines = new List<string> { "workspace,seconds,method,path,status,fault" };
            foreach (var ws in _emulator.Workspaces)
            {
                lines.AddRange(ws.Requests.Entries.Select(e => string.Join(",", ws.Name,
                    (e.RealTime - _commandStart).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), e.Method, e.Path, e.Status, e.Fault)));
            }
            var run = _o.Repeat > 1 ? $"run{_run}-" : "";
            File.WriteAllLines(Path.Combine(_o.TraceDirectory, run + name + ".csv"), lines);
            File.WriteAllLines(Path.Combine(_o.TraceDirectory, run + name + ".429s.txt"), _lastDebug);
        }
        private double _oneStatus;
        private double _oneFailover;

        /// <summary>
        /// The least time the command could take: what the request limits in force allow, or what
        /// the latency allows (the same command for one pair, plus the extra pages of listing a
        /// workspace of more than 100 pipelines), whichever is larger. The limits' part is, for each
        /// workspace and limited endpoint, the calls answered divided by the calls allowed a second
        /// (the issue's floor, shown as such), plus how far into the one-pair command that endpoint's
        /// first call goes (a resume cannot go before the pair's demote, which waits for RUNNING);
        /// the largest. With noise, the longest chain of Retry-Afters one call met is added (see <see cref="RetryChain"/>).
        /// </summary>
        private (double Seconds, double Plain, string Why) Floor(double onePair, Dictionary<string, double> firstCall, bool noise)
        {
            var limits = _emulator.Workspaces
                .SelectMany(ws => ws.Requests.Entries.Where(e => e.Status != 429)
                    .Select(e => (Entry: e, Limit: ws.Limits.RuleFor(e.Method, e.Path))).Where(x => x.Limit != null)
                    .GroupBy(x => x.Limit!.Name).Select(g => (Workspace: ws.Name, Limit: g.First().Limit!, Calls: g.Count())))
                .Select(x => (x.Workspace, x.Limit, x.Calls, Plain: x.Calls / x.Limit.PerSecond,
                    Offset: firstCall.TryGetValue(x.Workspace + "/" + x.Limit.Name, out var at) ? at : 0))
                .OrderByDescending(x => x.Plain + x.Offset).FirstOrDefault();
            var retry = noise ? RetryChain() : 0;
            var pages = (int)Math.Ceiling(_published / 100.0);
            var latency = onePair + (pages - 1) * _o.LatencyMs / 1000.0 + retry;
            var plain = limits.Limit == null ? 0 : limits.Plain;
            if (limits.Limit != null && limits.Plain + limits.Offset + retry >= latency)
            {
                var offset = limits.Offset > 0 ? $" + {Seconds(limits.Offset)} to its first call" : "";
                return (limits.Plain + limits.Offset + retry, plain,
                    $"{limits.Calls} {limits.Limit.Name} in {limits.Workspace} at {limits.Limit}{offset}{Retries(retry)}");
            }
            return (latency, plain, $"latency: 1 pair {Seconds(onePair)} + {pages - 1} listing pages{Retries(retry)}");
        }

        private static string Retries(double seconds) => seconds > 0 ? $" + {seconds:0} s of Retry-After" : "";

        /// <summary>
        /// With noise: the longest chain of Retry-Afters one call met in the command just run (the same
        /// request refused again and again), in seconds. A client that honours every Retry-After can
        /// finish no sooner than the unluckiest call's chain; the dice are the service's.
        /// </summary>
        private double RetryChain()
        {
            var longest = 0.0;
            foreach (var ws in _emulator.Workspaces)
            {
                foreach (var call in ws.Requests.Entries.GroupBy(e => e.Method + " " + e.Path))
                {
                    var chain = 0.0;
                    foreach (var e in call)
                    {
                        chain = e.Status == 429 && e.Fault != "rate_limit" ? chain + 1 : 0;
                        longest = Math.Max(longest, chain);
                    }
                }
            }
            return longest;
        }

        /// <summary>How far into the command just run each workspace's limited endpoint's first call went (seconds).</summary>
        private Dictionary<string, double> FirstCalls()
        {
            var first = new Dictionary<string, double>();
            foreach (var ws in _emulator.Workspaces)
            {
                foreach (var e in ws.Requests.Entries)
                {
                    var rule = ws.Limits.RuleFor(e.Method, e.Path);
                    if (rule == null) continue;
                    var at = Math.Max(0, (e.RealTime - _commandStart).TotalSeconds - _o.LatencyMs / 1000.0);
                    var key = ws.Name + "/" + rule.Name;
                    if (!first.TryGetValue(key, out var seen) || at < seen) first[key] = at;
                }
            }
            return first;
        }

        private Dictionary<string, double> _statusFirstCalls = new Dictionary<string, double>();
        private Dictionary<string, double> _failoverFirstCalls = new Dictionary<string, double>();

        private int _published;

        /// <summary>One pair alone, documented limits: the figures that must not get slower.</summary>
        private void OnePair()
        {
            ClearLogs();
            _oneStatus = Ps("Get-DltDrStatus -Pair p001", expect: 1);
            _statusFirstCalls = FirstCalls();
            Trace("one-status");
            ClearLogs();
            _oneFailover = Ps("Set-DltDrActiveRegion -Pair p002 -Region Secondary -Force", expect: 1);
            _failoverFirstCalls = FirstCalls();
            Trace("one-failover");
            var back = Ps("Set-DltDrActiveRegion -Pair p002 -Region Primary -Force", expect: 1);
            _oneFailover = Math.Max(_oneFailover, back);
            if (_run == 1)
            {
                _figures.Add(("Status, 1 pair", Seconds(_oneStatus)));
                _figures.Add(("Planned failover, 1 pair (the slower of there and back)", Seconds(_oneFailover)));
            }
            Sample("Status of 1 pair no slower than before (0.32 s)", 0.32, _oneStatus, Seconds(_oneStatus));
            Sample("Failover of 1 pair no slower than before (2.1 s)", 2.1, _oneFailover, Seconds(_oneFailover));
        }

        private int _run;

        /// <summary>
        /// New-DltDrPair of N running pipelines of the primary (issue #32: 200 onboarded in one command,
        /// within 1.3x of the workspace export limit's floor), beside the one-pipeline command, with
        /// what the command allocated.
        /// </summary>
        private void Onboard(string folder)
        {
            var hosts = $"-PrimaryHost '{_emulator["primary"].BaseUrl}' -SecondaryHost '{_emulator["secondary"].BaseUrl}'";
            var drafts = Path.Combine(folder, "drafts-" + _run.ToString(CultureInfo.InvariantCulture));
            ClearLogs();
            var one = Ps($"New-DltDrPair -Name p001-dlt {hosts} -Path '{drafts}-one' -Force -WarningAction SilentlyContinue", expect: 1);
            var firstCalls = FirstCalls();
            var names = Enumerable.Range(1, _o.Onboard).Select(i => PairName(i) + "-dlt").ToList();
            System.Threading.Thread.Sleep(1500); // the buckets full again
            ClearLogs();
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(true);
            var seconds = Ps($"New-DltDrPair -Name {string.Join(",", names)} {hosts} -Path '{drafts}' -Force -WarningAction SilentlyContinue",
                expect: names.Count);
            allocated = GC.GetTotalAllocatedBytes(true) - allocated;
            Trace($"onboard-{names.Count}");
            var floor = Floor(one, firstCalls, noise: false);
            var ratio = seconds / floor.Seconds;
            var exports = _emulator["primary"].Requests.Entries.Count(e => e.Path == "/api/2.0/workspace/export" && e.Status == 200);
            var refused = _emulator.Workspaces.Sum(ws => ws.Requests.Entries.Count(e => e.Status == 429));
            var run = _o.Repeat > 1 ? $"{_run} | " : "";
            var plain = floor.Plain > 0 ? $"{Seconds(floor.Plain)}: {seconds / floor.Plain:0.00}x" : "none";
            _caseRows.Add($"| {run}onboard | New-DltDrPair of {names.Count} ({exports} exports; one pipeline: {Seconds(one)}) | "
                + $"{Seconds(seconds)} | {Seconds(floor.Seconds)} ({floor.Why}) | {ratio:0.00}x | {plain} | {refused} | {_lastWarnings} |");
            _figures.Add(($"New-DltDrPair of {names.Count} pipelines, run {_run}: allocated by the command (all generations)",
                $"{allocated / 1048576.0:0} MiB"));
            Sample($"New-DltDrPair of {names.Count} pipelines within 1.3x of its floor", 1.3, ratio,
                $"{ratio:0.00}x ({Seconds(seconds)} vs {Seconds(floor.Seconds)})");
        }

        /// <summary>Each goal's measurements, one a run, in the order the goals were first met.</summary>
        private readonly List<(string Goal, double? Limit, List<(double Value, string Text)> Runs)> _samples =
            new List<(string, double?, List<(double, string)>)>();

        /// <summary>One run's measurement of a goal (at most <paramref name="limit"/>; none: a figure only).</summary>
        private void Sample(string goal, double? limit, double value, string text)
        {
            var at = _samples.FindIndex(x => x.Goal == goal);
            if (at < 0)
            {
                _samples.Add((goal, limit, new List<(double, string)>()));
                at = _samples.Count - 1;
            }
            _samples[at].Runs.Add((value, text));
        }

        /// <summary>
        /// The goals measured each run: one run as it was; several as their spread (lowest, median, highest) and how many
        /// runs met the goal. A goal is met when every run meets it.
        /// </summary>
        private void Spread()
        {
            foreach (var (goal, limit, runs) in _samples)
            {
                if (limit is not double max) continue;
                var met = runs.Count(r => r.Value <= max);
                if (runs.Count == 1)
                {
                    _goals.Add((goal, runs[0].Text, met == 1));
                    continue;
                }
                var sorted = runs.Select(r => r.Value).OrderBy(v => v).ToList();
                var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
                // A goal in seconds ("<= 5 s", "(2.1 s)") prints seconds; a ratio goal prints "x".
                var unit = goal.Contains(" s)", StringComparison.Ordinal) || goal.EndsWith(" s", StringComparison.Ordinal) ? " s" : "x";
                string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + unit;
                _goals.Add(($"{goal}, in each of {runs.Count} runs",
                    $"{met} of {runs.Count}: {F(sorted[0])} / {F(median)} / {F(sorted[^1])} (lowest / median / highest); each: "
                        + string.Join(", ", runs.Select(r => F(r.Value))), met == runs.Count));
            }
        }

        private sealed class Case
        {
            public Case(string description, string label, double? goal, Action<EmulatedWorkspace> apply)
            {
                Description = description;
                Label = label;
                Goal = goal;
                Apply = apply;
            }

            public string Description { get; }
            public string Label { get; }
            public double? Goal { get; }
            public Action<EmulatedWorkspace> Apply { get; }
        }

        private void Failovers()
        {
            var many = Enumerable.Range(3, _o.Pairs).Select(PairName).ToList();
            var (one, all) = OneAgainstMany("Planned failover", "Set-DltDrActiveRegion -Pair {0} -Region Secondary -Force", "p002", many, "failovers");
            RatioToOne($"Planned failover, {many.Count} pairs", one, all);
            _failover50 = all;
        }

        /// <summary>Many pairs against one: the goal without limits (under them, see <see cref="RunCase"/>).</summary>
        private void RatioToOne(string label, double one, double all)
        {
            if (_o.RateLimits) _figures.Add(($"{label}: against 1 pair", $"{all / one:0.00}x"));
            else _goals.Add(($"{label} within 3x one pair", $"{all / one:0.00}x", all / one <= 3));
        }

        /// <summary>The large estate under the documented limits: status of 500 pairs and failover of 200, with the calls each took per pair and region.</summary>
        private void LargeEstate()
        {
            var status = Enumerable.Range(1, _o.ManyStatusPairs).Select(PairName).ToList();
            var failover = Enumerable.Range(_o.Pairs + 5, _o.ManyPairs).Select(PairName).ToList();
            foreach (var (label, command, pairs) in new[]
            {
                ($"Status of {status.Count} pairs at once", $"Get-DltDrStatus -Pair {string.Join(",", status)}", status.Count),
                ($"Planned failover of {failover.Count} pairs at once", $"Set-DltDrActiveRegion -Pair {string.Join(",", failover)} -Region Secondary -Force", failover.Count),
            })
            {
                System.Threading.Thread.Sleep(1500);
                ClearLogs();
                var seconds = Ps(command, pairs);
                _limitedWarnings += _lastWarnings;
                var isStatus = label.StartsWith("Status", StringComparison.Ordinal);
                var floor = Floor(isStatus ? _oneStatus : _oneFailover, isStatus ? _statusFirstCalls : _failoverFirstCalls, noise: false);
                _figures.Add((label, $"{Seconds(seconds)}; floor {Seconds(floor.Seconds)} ({floor.Why}): {seconds / floor.Seconds:0.00}x"));
                _figures.Add(($"{label}: calls per pair and region", CallsPerPair(pairs)));
                if (label.StartsWith("Status", StringComparison.Ordinal)) _goals.Add(($"Status of {status.Count} pairs under the documented limits <= 5 s", Seconds(seconds), seconds <= 5));
            }
            var refused = _emulator.Workspaces.Sum(ws => ws.Limits.Refused.Values.Sum());
            _goals.Add(("0 pairs ending in a warning or error (every rate-limited case)", _limitedWarnings.ToString(CultureInfo.InvariantCulture) + " warnings, 0 errors", _limitedWarnings == 0));
        }

        /// <summary>
        /// The DR report of the 200 pairs failed over (history and all), under the documented limits,
        /// against what it reads: status of those pairs plus their history, each run on its own.
        /// </summary>
        private void DrReport()
        {
            var pairs = Enumerable.Range(_o.Pairs + 5, _o.ManyPairs).Select(PairName).ToList();
            var list = string.Join(",", pairs);
            var file = Path.Combine(Path.GetTempPath(), $"dltdr-bench-report-{Environment.ProcessId}.html");
            double Run(string command, int expect)
            {
                System.Threading.Thread.Sleep(1500);
                ClearLogs();
                var seconds = Ps(command, expect);
                _limitedWarnings += _lastWarnings;
                return seconds;
            }
            var status = Run($"Get-DltDrStatus -Pair {list}", pairs.Count);
            var history = Run($"Get-DltDrHistory -Pair {list}", -1);
            var report = Run($"Export-DltDrReport -Pair {list} -Path '{file}' -PassThru", 1);
            var calls = CallsPerPair(pairs.Count);
            var refused = _emulator.Workspaces.Sum(ws => ws.Requests.Entries.Count(e => e.Status == 429));
            var size = new FileInfo(file).Length;
            File.Delete(file);
            _figures.Add(($"DR report of {pairs.Count} pairs (history included)", $"{Seconds(report)}; status alone {Seconds(status)}, "
                + $"history alone {Seconds(history)}; {size / 1024} KiB of HTML; {refused} calls refused"));
            _figures.Add(($"DR report of {pairs.Count} pairs: calls per pair and region", calls));
            _goals.Add(($"DR report of {pairs.Count} pairs no slower than status plus history of them", $"{Seconds(report)} vs "
                + $"{Seconds(status + history)}", report <= status + history));
        }

        /// <summary>The calls of the command just run, per pair and region: all of them, and by endpoint (listings counted whole).</summary>
        private string CallsPerPair(int pairs)
        {
            var entries = _emulator.Workspaces.SelectMany(ws => ws.Requests.Entries).Where(e => e.Status != 429).ToList();
            var per = pairs * 2.0;
            var by = entries.GroupBy(e => e.Method + " " + Regex.Replace(Regex.Replace(e.Path, "^/api/[0-9.]+/", ""), "[0-9a-f]{8}-[0-9a-f-]{27}", "{id}"))
                .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count() / per:0.##}");
            return $"{entries.Count / per:0.##} ({string.Join(", ", by)})";
        }

        private int _limitedWarnings;

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

        /// <summary>The CPU time the process spent over the last command (the module and the in-process emulator).</summary>
        private double _lastCpuSeconds;
        private DateTimeOffset _commandStart;

        private double Ps(string script, int expect)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _rs;
            // With --trace, every 429 the module judged (the pace it set, and why) comes with the trace.
            ps.AddScript(_o.TraceDirectory != null && expect != 0 ? "$DebugPreference = 'Continue'; " + script + " -Debug" : script);
            var sw = Stopwatch.StartNew();
            // The process's CPU time too: the module and the in-process emulator share the machine's cores.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            _commandStart = DateTimeOffset.UtcNow;
            var debug = new List<string>();
            ps.Streams.Debug.DataAdded += (_, e) =>
            {
                var m = ps.Streams.Debug[e.Index].Message;
                if (m.Contains("429", StringComparison.Ordinal)) lock (debug) debug.Add($"{sw.Elapsed.TotalSeconds:0.000} {m}");
            };
            var output = ps.Invoke();
            var seconds = sw.Elapsed.TotalSeconds;
            _lastCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            lock (debug) _lastDebug = debug.ToList();
            _lastWarnings = ps.Streams.Warning.Count;
            if (ps.Streams.Error.Count > 0)
                throw new InvalidOperationException($"'{script}' wrote errors:\n" + string.Join("\n", ps.Streams.Error.Select(e => e.ToString())));
            if (expect >= 0 && output.Count != expect)
                throw new InvalidOperationException($"'{script}' wrote {output.Count} objects, expected {expect}.");
            if (expect != 0) Console.WriteLine($"  {seconds,7:0.00} s  (CPU {_lastCpuSeconds:0.00} s)  "
                + $"{(script.Length > 80 ? script.Substring(0, 77) + "..." : script)}");
            return seconds;
        }

        private List<string> _lastDebug = new List<string>();

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
            if (_caseRows.Count > 0)
            {
                var run = _o.Repeat > 1 ? "Run | " : "";
                var cell = _o.Repeat > 1 ? "---|" : "";
                sb.AppendLine($"| {run}Case | Command | Took | Floor | Ratio | calls / limit alone | 429s | Warnings |");
                sb.AppendLine($"|{cell}---|---|---|---|---|---|---|---|");
                foreach (var row in _caseRows) sb.AppendLine(row);
                sb.AppendLine();
            }
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
