using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Xunit;

namespace DltDr.Tests.Examples
{
    /// <summary>README's run command: the drill runner, as its own process, on a machine with only the .NET SDK.</summary>
    [Collection(ExamplesCollection.Name)]
    public sealed class DrillRunnerTests
    {
        /// <summary>Starts the runner built by the same solution build as this test project, in the same configuration.</summary>
        private static Process StartRunner(params string[] args)
        {
            var configuration = new DirectoryInfo(System.AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var runner = Path.Combine(RepoPaths.Root, "src", "DltDr.Drill", "bin", configuration, "net10.0", "DltDr.Drill.dll");
            Assert.True(File.Exists(runner), $"{runner} is missing: build DltDr.PowerShell.sln first.");
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(runner);
            foreach (var a in args) start.ArgumentList.Add(a);
            return Process.Start(start)!;
        }

        [Fact]
        public async Task The_drill_runner_runs_the_whole_drill_and_exits_0()
        {
            using var p = StartRunner("--clock-scale", "50");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            var exited = p.WaitForExit(180_000);
            if (!exited) p.Kill(true);
            var output = System.Text.RegularExpressions.Regex.Replace(await stdout + await stderr, "\u001b\\[[0-9;]*m", string.Empty);
            Assert.True(exited && p.ExitCode == 0, $"exit {(exited ? p.ExitCode.ToString() : "timeout")}:\n{output}");

            // What the operator sees: pwsh's own console host rendering the module's tables, and the outcome.
            Assert.Contains("sales: secondary active; healthy", output);
            Assert.Matches(@"sales\s+switch to secondary: Succeeded, recovery [\d.]+s\r?\n\s+by \S+ on ", output);
            Assert.Matches(@"sales\s+Secondary\s+Primary\s+True\s+\d+\.\ds\s+\d+\.\ds", output);
            Assert.Contains("Secondary Promote pipeline (continuous)", output);
            Assert.Contains("Drill complete: failover and failback of 'sales' succeeded.", output);
        }

        [Fact]
        public void A_wrong_argument_is_refused_with_the_usage()
        {
            using var p = StartRunner("--clock-scale", "fast");
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit(60_000);
            Assert.Equal(2, p.ExitCode);
            Assert.Contains("error: unknown or invalid argument '--clock-scale'.", err);
            Assert.Contains("Usage: DltDr.Drill [--clock-scale N]", err);
        }
    }
}
