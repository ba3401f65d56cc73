using System;
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
    }
}
