using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Threading.Tasks;
using DltDr.Emulator;
using Newtonsoft.Json.Linq;

namespace DltDr.Bench
{
    /// <summary>
    /// Issue #36: an estate of several workspace pairs (each rate-limited on its own) with hundreds of
    /// pairs each, in one process: publish of all, status of all, a failover and failback of K pairs
    /// of every workspace pair at once; each beside the busiest workspace's floor, and the process's
    /// memory.
    /// </summary>
    internal sealed partial class Bench
    {
        private async Task<int> EstateAsync(string folder)
        {
            var options = new EmulatorOptions { ClockScale = 20, ControlPort = null, RateLimits = true };
            for (var w = 1; w <= _o.WorkspacePairs; w++)
            {
                options.Workspaces.Add(new WorkspaceOptions($"ws{w}p", 0, null, IPAddress.Loopback));
                options.Workspaces.Add(new WorkspaceOptions($"ws{w}s", 0, null, IPAddress.Loopback));
            }
            _emulator = await DltDr.Emulator.Emulator.StartAsync(options).ConfigureAwait(false);
            await using var _e = _emulator;
            using (_rs = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2()))
            {
                _rs.Open();
                var notebooks = Path.Combine(folder, "notebooks");
                Directory.CreateDirectory(notebooks);
                File.WriteAllText(Path.Combine(notebooks, "bronze.py"), "import dlt\n\n@dlt.table\ndef bronze():\n    return spark.readStream.table('raw')\n");
                File.WriteAllText(Path.Combine(notebooks, "silver.py"), "import dlt\n\n@dlt.table\ndef silver():\n    return dlt.read_stream('bronze')\n");
                for (var w = 1; w <= _o.WorkspacePairs; w++)
                {
                    for (var i = 1; i <= _o.EstatePairs; i++)
                    {
                        var name = EstateName(w, i);
                        var pair = new JObject
                        {
                            ["name"] = name,
                            ["pipeline"] = new JObject { ["name"] = name + "-dlt", ["catalog"] = $"bu{w}", ["schema"] = name.Replace('-', '_') },
                            ["notebooks"] = new JObject { ["source"] = notebooks, ["workspaceDirectory"] = "/Shared/dltdr/" + name },
                            ["regions"] = new JObject
                            {
                                ["primary"] = new JObject { ["host"] = _emulator[$"ws{w}p"].BaseUrl },
                                ["secondary"] = new JObject { ["host"] = _emulator[$"ws{w}s"].BaseUrl },
                            },
                        };
                        File.WriteAllText(Path.Combine(folder, name + ".json"), pair.ToString());
                    }
                }
                Ps($"Import-Module '{_manifest}' -ErrorAction Stop; $env:DLTDR_PAIR_PATH = '{folder}'; $token = ConvertTo-SecureString "
                    + "'dapi-bench-token' -AsPlainText -Force; $PSDefaultParameterValues['*-DltDr*:Token'] = $token", expect: 0);
                var all = _o.WorkspacePairs * _o.EstatePairs;
                _published = _o.EstatePairs;
                Console.WriteLine($"Estate: {_o.WorkspacePairs} workspace pairs, {_o.EstatePairs} pairs each ({all} pairs), the documented "
                    + "request limits enforced in every workspace.");

                // Publish, no latency added (as the issue measured it).
                ClearLogs();
                var publish = Ps("Publish-DltDrPipeline -Pair e* -Force", expect: 2 * all);
                Estate("publish of all", publish, Floor(0, new Dictionary<string, double>(), noise: false), 1.3);

                SetLatency(_o.LatencyMs);
                for (_run = 1; _run <= _o.Repeat; _run++)
                {
                    if (_o.Repeat > 1) Console.WriteLine($"Run {_run} of {_o.Repeat}");
                    ClearLogs();
                    var one = Ps($"Get-DltDrStatus -Pair {EstateName(1, 1)}", expect: 1);
                    var firstStatus = FirstCalls();
                    System.Threading.Thread.Sleep(1500);
                    ClearLogs();
                    var status = Ps("Get-DltDrStatus -Pair e*", expect: all);
                    Estate($"status of {all}", status, Floor(one, firstStatus, noise: false), null);
                    Sample($"Estate: status of {all} pairs <= 5 s", 5, status, Seconds(status));

                    ClearLogs();
                    var oneSwitch = Ps($"Set-DltDrActiveRegion -Pair {EstateName(1, 2)} -Region Secondary -Force", expect: 1);
                    var firstSwitch = FirstCalls();
                    oneSwitch = Math.Max(oneSwitch, Ps($"Set-DltDrActiveRegion -Pair {EstateName(1, 2)} -Region Primary -Force", expect: 1));
                    var moved = Enumerable.Range(1, _o.WorkspacePairs)
                        .SelectMany(w => Enumerable.Range(3, _o.EstateSwitch).Select(i => EstateName(w, i))).ToList();
                    foreach (var (what, region) in new[] { ("failover", "Secondary"), ("failback", "Primary") })
                    {
                        System.Threading.Thread.Sleep(1500);
                        ClearLogs();
                        var seconds = Ps($"Set-DltDrActiveRegion -Pair {string.Join(",", moved)} -Region {region} -Force", expect: moved.Count);
                        var floor = Floor(oneSwitch, firstSwitch, noise: false);
                        Estate($"{what} of {moved.Count} ({_o.EstateSwitch} a workspace pair)", seconds, floor, 1.25);
                    }
                }
                using var self = Process.GetCurrentProcess();
                _figures.Add(($"Estate: peak working set of the process ({all} pairs; the emulator's {2 * _o.WorkspacePairs} workspaces live in it too)",
                    $"{self.PeakWorkingSet64 / 1048576.0:0} MiB"));
                GC.Collect();
                _figures.Add(("Estate: managed heap after a collection, at the end", $"{GC.GetTotalMemory(true) / 1048576.0:0} MiB"));
            }
            Spread();
            Report();
            return 0;
        }

        private void Estate(string what, double seconds, (double Seconds, double Plain, string Why) floor, double? goal)
        {
            var ratio = seconds / floor.Seconds;
            Trace("estate-" + what.Split(' ')[0]);
            var refused = _emulator.Workspaces.Sum(ws => ws.Requests.Entries.Count(e => e.Status == 429));
            var run = _o.Repeat > 1 ? $"{_run} | " : "";
            _caseRows.Add($"| {run}estate | {what} | {Seconds(seconds)} | {Seconds(floor.Seconds)} ({floor.Why}) | {ratio:0.00}x | "
                + $"{(floor.Plain > 0 ? $"{Seconds(floor.Plain)}: {seconds / floor.Plain:0.00}x" : "none")} | {refused} | {_lastWarnings} |");
            // Cores busy over the command (the module and the emulator's workspaces, one process): near the machine's count, the
            // command is bound by CPU, not by anything that serializes it.
            _figures.Add(($"Estate{(_o.Repeat > 1 ? $", run {_run}" : "")}: {what}: cores busy (CPU / wall, of {Environment.ProcessorCount})",
                $"{_lastCpuSeconds / seconds:0.00} ({_lastCpuSeconds:0.0} s CPU in {Seconds(seconds)})"));
            if (goal != null) Sample($"Estate: {what} within {goal:0.00}x of the busiest workspace's floor", goal, ratio, $"{ratio:0.00}x ({Seconds(seconds)})");
        }

        private static string EstateName(int workspacePair, int i) => $"e{workspacePair}-{i.ToString("000", CultureInfo.InvariantCulture)}";
    }
}
