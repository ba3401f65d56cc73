using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DltDr.Emulator;
using Xunit;

namespace DltDr.Tests.Emulator
{
    public class EmulatorCommandLineTests
    {
        [Fact]
        public void Defaults_to_primary_and_secondary_on_free_ports()
        {
            var (o, urls) = Program.Parse(Array.Empty<string>());
            Assert.Equal(new[] { "primary", "secondary" }, o.Workspaces.ConvertAll(w => w.Name));
            Assert.All(o.Workspaces, w => Assert.Equal(0, w.Port));
            Assert.Null(urls);
            Assert.False(o.RateLimits);
        }

        [Fact]
        public async System.Threading.Tasks.Task Rate_limits_enforces_the_documented_limits_in_every_workspace()
        {
            var (o, _) = Program.Parse(new[] { "--rate-limits", "--no-control" });
            Assert.True(o.RateLimits);
            await using var emulator = await DltDr.Emulator.Emulator.StartAsync(o);
            Assert.All(emulator.Workspaces, ws => Assert.True(ws.Limits.Enabled));
        }

        [Fact]
        public void Reads_names_ports_clock_and_urls_file()
        {
            var (o, urls) = Program.Parse(new[] { "--workspace", "westeurope=8481", "--workspace", "northeurope", "--clock-scale", "60", "--control-port", "8480", "--urls-file", "/tmp/u.json" });
            Assert.Equal("westeurope", o.Workspaces[0].Name);
            Assert.Equal(8481, o.Workspaces[0].Port);
            Assert.Equal(0, o.Workspaces[1].Port);
            Assert.Equal(60, o.ClockScale);
            Assert.Equal(8480, o.ControlPort);
            Assert.Equal("/tmp/u.json", urls);
        }

        [Theory]
        [InlineData("Unknown option '--wat'.", "--wat")]
        [InlineData("Invalid port in 'a=x': use NAME=PORT.", "--workspace", "a=x")]
        [InlineData("--clock-scale needs a number of at least 0.", "--clock-scale", "-1")]
        [InlineData("--workspace needs a value.", "--workspace")]
        public void Bad_arguments_say_what_is_wrong(string message, params string[] args)
        {
            var ex = Assert.Throws<ArgumentException>(() => Program.Parse(args));
            Assert.Equal(message, ex.Message);
        }

        [Fact]
        public async System.Threading.Tasks.Task Invalid_or_repeated_workspace_names_are_refused()
        {
            var bad = EmulatorOptions.ForWorkspaces("pri mary");
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => DltDr.Emulator.Emulator.StartAsync(bad));
            Assert.StartsWith("Invalid workspace name 'pri mary'", ex.Message);
            var twice = EmulatorOptions.ForWorkspaces("a", "A");
            ex = await Assert.ThrowsAsync<ArgumentException>(() => DltDr.Emulator.Emulator.StartAsync(twice));
            Assert.StartsWith("The workspace name 'a' is given twice.", ex.Message);
        }
    
        [Fact]
        public void Reads_the_clock_origin()
        {
            var (o, _) = Program.Parse(new[] { "--clock-origin", "2026-11-24T00:00:00Z" });
            Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), o.ClockOrigin);
            var ex = Assert.Throws<ArgumentException>(() => Program.Parse(new[] { "--clock-origin", "yesterday" }));
            Assert.Equal("--clock-origin needs a time such as 2026-11-24T00:00:00Z.", ex.Message);
        }

        [Theory]
        [InlineData("TERM")]
        [InlineData("INT")]
        public void Stops_cleanly_on_a_signal(string signal)
        {
            if (OperatingSystem.IsWindows()) return; // POSIX signals; Windows has Ctrl+C only
            var dll = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "DltDr.Emulator.dll");
            var urls = Path.Combine(Path.GetTempPath(), $"dltdr-signal-{Guid.NewGuid():n}.json");
            // A test run started in the background (`cmd &`) has SIGINT ignored, and a child inherits
            // that, so .NET would never see the signal. GNU env puts the default disposition back,
            // as an operator's terminal has it.
            var start = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in (OperatingSystem.IsLinux() ? new[] { "--default-signal=INT,QUIT,TERM", "dotnet" } : Array.Empty<string>()).Concat(new[] { dll, "--urls-file", urls })) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            try
            {
                if (!UrlsFileWritten(urls, p)) Assert.Fail("the emulator did not start");
                using (var kill = Process.Start("kill", new[] { "-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })) kill!.WaitForExit();
                // A bound against hanging, not a speed goal: the suite runs on two busy cores.
                Assert.True(p.WaitForExit(30000), $"still running 30 s after SIG{signal}");
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
                Assert.EndsWith("DltDr emulator stopped.", stdout.Result.TrimEnd());
                Assert.Equal(string.Empty, stderr.Result); // no ObjectDisposedException or other trace
            }
            finally
            {
                if (!p.HasExited) p.Kill(true);
                File.Delete(urls);
            }
        }
    
        /// <summary>
        /// Waits for the emulator to move its URLs file into place (it does so once its signal
        /// handlers are in place), told by the file system or by the process ending; a minute bounds a
        /// test gone wrong.
        /// </summary>
        private static bool UrlsFileWritten(string urls, Process p)
        {
            using var changed = new System.Threading.ManualResetEventSlim();
            using var watcher = new FileSystemWatcher(Path.GetDirectoryName(urls)!, Path.GetFileName(urls));
            watcher.Created += (_, _) => changed.Set();
            watcher.Renamed += (_, _) => changed.Set();
            watcher.EnableRaisingEvents = true;
            p.EnableRaisingEvents = true;
            p.Exited += (_, _) => changed.Set();
            // The file may have been moved in before the watcher started.
            if (!File.Exists(urls) && !p.HasExited) changed.Wait(TimeSpan.FromMinutes(1));
            return File.Exists(urls);
        }
}
}
