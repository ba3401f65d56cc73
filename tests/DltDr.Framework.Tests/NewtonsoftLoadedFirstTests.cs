#if NETFRAMEWORK
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace DltDr.Framework.Tests
{
    /// <summary>
    /// Windows PowerShell 5.1 has one load context per session: whichever Newtonsoft.Json another
    /// module (Az.Accounts, the Automation sandbox) loaded first is there when DltDr loads. On this
    /// runtime's loader, a one-process probe loads another copy first, then DltDr's engine from the
    /// built module folder, and reads a pair through it. (.NET Framework only: .NET 10 has no single
    /// load context to show this in.)
    /// </summary>
    public sealed class NewtonsoftLoadedFirstTests
    {
        private static (int ExitCode, string[] Lines) Probe(string version)
        {
            var folder = Repository.File("tests/DltDr.Framework.Probe/bin/Release/net48");
            var exe = Path.Combine(folder, "DltDr.Framework.Probe.exe");
            Assert.True(System.IO.File.Exists(exe), $"{exe} is not built");
            var args = $"\"{Path.Combine(folder, "loaded-first", version, "Newtonsoft.Json.dll")}\" \"{Repository.File("out/DltDr")}\" "
                + $"\"{Repository.File("examples/pairs/sales.json")}\"";
            var onMono = Type.GetType("Mono.Runtime") != null;
            var start = new ProcessStartInfo(onMono ? "mono" : exe, onMono ? $"\"{exe}\" {args}" : args)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var lines = process.StandardOutput.ReadToEnd().Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"the probe exited {process.ExitCode}: {string.Join(" | ", lines)} {stderr.Result}");
            return (process.ExitCode, lines);
        }

        [Theory]
        [InlineData("9.0.1", "9.0.0.0")]
        [InlineData("12.0.3", "12.0.0.0")]
        public void With_an_older_major_version_loaded_first_DltDr_loads_its_own_13_beside_it_and_reads_pairs(string version, string identity)
        {
            var (_, lines) = Probe(version);
            Assert.Contains(lines, l => l.StartsWith($"newtonsoft {identity} {version}", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("newtonsoft 13.0.0.0 13.0.4", StringComparison.Ordinal)
                && l.EndsWith(Path.Combine("out", "DltDr", "Newtonsoft.Json.dll"), StringComparison.Ordinal));
            Assert.Equal("pair sales", lines.Last());
        }

        [Fact]
        public void With_an_older_13_x_loaded_first_DltDr_runs_on_that_one_and_reads_pairs()
        {
            // The same assembly identity (13.0.0.0): the loader hands DltDr the copy already loaded.
            var (_, lines) = Probe("13.0.1");
            var loaded = lines.Where(l => l.StartsWith("newtonsoft ", StringComparison.Ordinal)).ToList();
            Assert.Single(loaded);
            Assert.StartsWith("newtonsoft 13.0.0.0 13.0.1", loaded[0]);
            Assert.Equal("pair sales", lines.Last());
        }
    }
}
#endif
