using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace DltDr.Bench
{
    /// <summary>
    /// <c>dotnet run -c Release --project bench/DltDr.Bench</c>: emulated workspaces with latency added
    /// to every call; the built module in a hosted PowerShell engine, run as a user runs it; every
    /// figure side by side from one run, with the goals as ratios. See docs/performance.md.
    /// </summary>
    public static class Program
    {
        private const string Usage = @"DltDr benchmark against emulated workspaces.

Usage: DltDr.Bench [--latency-ms N] [--pairs N] [--status-pairs N] [--many-pairs N] [--many-status-pairs N]
                   [--region-timeout-sec N] [--no-rate-limits] [--no-sdk] [--only-cases] [--case LABEL[,LABEL]] [--repeat N]
                   [--estate] [--onboard N] [--follow N] [--workspace-pairs W --estate-pairs M --estate-switch K] [--trace DIR]
  --latency-ms N          added to every call of both workspaces (default 100)
  --pairs N               pairs failed over at once, and by the official-SDK runbook (default 50)
  --status-pairs N        pairs read by one Get-DltDrStatus (default 100)
  --many-pairs N          pairs failed over at once in the large case (default 200)
  --many-status-pairs N   pairs read by one Get-DltDrStatus in the large case (default 500)
  --region-timeout-sec N  -RegionTimeoutSec for the hung-region cases (default 10)
  --no-rate-limits        leave the workspaces' documented request limits off (on by default)
  --no-sdk                leave out the official JS SDK runbook (it needs node and port 443)
  --only-cases            run the rate-limited cases alone (no large estate, dead or hung region)
  --case LABEL[,LABEL]    rate-limited cases alone: documented, quarter, noise or quarter+noise
  --repeat N              run the one-pair figures and the cases N times, and print each run and the spread
  --estate                the large estate and the DR report of 200 pairs alone
  --workspace-pairs W     an estate alone: W workspace pairs of --estate-pairs M pairs each (default 500), publish and
                          status of all, failover and failback of --estate-switch K (default 100) per workspace pair
  --onboard N             New-DltDrPair of N running pipelines alone, beside its floor (workspace export at 60 a second)
  --follow N              N pairs following an account failover group (Sync-DltDrActiveRegion, -FailoverGroup) beside
                          the same N switched directly
  --trace DIR             write each case command's request log to DIR as CSV (the estate's commands too)";

        public static async Task<int> Main(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                int Next() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a positive whole number.");
                switch (args[i])
                {
                    case "--latency-ms": o.LatencyMs = Next(); break;
                    case "--pairs": o.Pairs = Next(); break;
                    case "--status-pairs": o.StatusPairs = Next(); break;
                    case "--region-timeout-sec": o.RegionTimeoutSec = Next(); break;
                    case "--many-pairs": o.ManyPairs = Next(); break;
                    case "--many-status-pairs": o.ManyStatusPairs = Next(); break;
                    case "--no-rate-limits": o.RateLimits = false; break;
                    case "--no-sdk": o.Sdk = false; break;
                    case "--only-cases": o.OnlyCases = true; break;
                    case "--estate": o.EstateOnly = true; break;
                    case "--onboard": o.Onboard = Next(); break;
                    case "--follow": o.Follow = Next(); break;
                    case "--workspace-pairs": o.WorkspacePairs = Next(); break;
                    case "--estate-pairs": o.EstatePairs = Next(); break;
                    case "--estate-switch": o.EstateSwitch = Next(); break;
                    case "--case": o.OnlyCases = true; o.Case = i + 1 < args.Length ? args[++i] : throw new ArgumentException("--case needs a label."); break;
                    case "--repeat": o.Repeat = Next(); break;
                    case "--trace": o.TraceDirectory = i + 1 < args.Length ? args[++i] : throw new ArgumentException("--trace needs a folder."); break;
                    case "--help": case "-h": Console.WriteLine(Usage); return 0;
                    default: Console.Error.WriteLine($"error: unknown argument '{args[i]}'.\n{Usage}"); return 2;
                }
            }
            var root = RepositoryRoot() ?? throw new InvalidOperationException("Run the benchmark from the DltDr repository.");
            var manifest = Path.Combine(root, "out", "DltDr", "DltDr.psd1");
            if (!File.Exists(manifest))
            {
                Console.Error.WriteLine($"error: the module is not built: {manifest} is missing. Run 'dotnet build -c Release' first.");
                return 2;
            }
            var bench = new Bench(o, root, manifest);
            return await bench.RunAsync().ConfigureAwait(false);
        }

        private static string? RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DltDr.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "bench"))) return dir.FullName;
            }
            return null;
        }
    }

    internal sealed class Options
    {
        public int LatencyMs { get; set; } = 100;
        public int Pairs { get; set; } = 50;
        public int StatusPairs { get; set; } = 100;
        public int ManyPairs { get; set; } = 200;
        public int ManyStatusPairs { get; set; } = 500;
        public int RegionTimeoutSec { get; set; } = 10;
        public bool RateLimits { get; set; } = true;
        public bool Sdk { get; set; } = true;
        public bool OnlyCases { get; set; }

        /// <summary>With --estate: the large estate and the DR report alone (no case, no dead or hung region).</summary>
        public bool EstateOnly { get; set; }

        /// <summary>With --case LABEL[,LABEL]: those rate-limited cases alone (documented, quarter, noise, quarter+noise).</summary>
        public string? Case { get; set; }

        /// <summary>With --repeat N: the one-pair figures and the cases, N times; goals are met when every run meets them.</summary>
        public int Repeat { get; set; } = 1;

        /// <summary>With --onboard N: New-DltDrPair of N of the published pipelines alone (after one for its floor).</summary>
        public int Onboard { get; set; }
        public int Follow { get; set; }

        /// <summary>With --workspace-pairs W: the estate alone (issue #36), M pairs on each of W workspace pairs.</summary>
        public int WorkspacePairs { get; set; }
        public int EstatePairs { get; set; } = 500;
        public int EstateSwitch { get; set; } = 100;
        public string? TraceDirectory { get; set; }
    }
}
