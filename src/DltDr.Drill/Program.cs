using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using DltDr.Emulator;

namespace DltDr.Drill
{
    /// <summary>
    /// <c>dotnet run --project src/DltDr.Drill</c>: starts two emulated workspaces on loopback, hosts
    /// PowerShell 7.6 with the built module and runs examples/Start-DltDrDrill.ps1 in it, exactly the
    /// script a pwsh user runs. Exit code 0 when the drill succeeds.
    /// </summary>
    public static class Program
    {
        private const string Usage = @"DltDr failover drill against emulated workspaces.

Usage: DltDr.Drill [--clock-scale N]
  --clock-scale N   virtual seconds per real second of the emulated workspaces (default 20)";

        public static async Task<int> Main(string[] args)
        {
            var scale = 20.0;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--clock-scale" && i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0)
                {
                    scale = s;
                    i++;
                }
                else
                {
                    Console.Error.WriteLine(args[i] is "--help" or "-h" ? Usage : $"error: unknown or invalid argument '{args[i]}'.\n{Usage}");
                    return args[i] is "--help" or "-h" ? 0 : 2;
                }
            }

            var root = RepositoryRoot();
            if (root == null)
            {
                Console.Error.WriteLine("error: run the drill from the DltDr repository (DltDr.psd1 and examples/ were not found above the current folder).");
                return 2;
            }
            var manifest = Path.Combine(root, "out", "DltDr", "DltDr.psd1");
            var script = Path.Combine(root, "examples", "Start-DltDrDrill.ps1");
            if (!File.Exists(manifest))
            {
                Console.Error.WriteLine($"error: the module is not built: {manifest} is missing. Run 'dotnet build' first.");
                return 2;
            }

            var options = EmulatorOptions.ForWorkspaces("primary", "secondary");
            options.ClockScale = scale;
            options.ControlPort = null;
            await using var emulator = await DltDr.Emulator.Emulator.StartAsync(options).ConfigureAwait(false);
            Console.WriteLine($"Emulated workspaces on loopback: primary {emulator["primary"].BaseUrl}, secondary {emulator["secondary"].BaseUrl} (clock {scale}x real time).");

            var host = new ConsoleHost();
            var state = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            using var runspace = RunspaceFactory.CreateRunspace(host, state);
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddStatement()
              .AddCommand(script)
              .AddParameter("PrimaryHost", emulator["primary"].BaseUrl)
              .AddParameter("SecondaryHost", emulator["secondary"].BaseUrl)
              .AddCommand("Out-Default");
            ps.Commands.Commands[1].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);

            Console.CancelKeyPress += (_, e) => { e.Cancel = true; ps.BeginStop(null, null); };
            try
            {
                ps.Invoke();
            }
            catch (RuntimeException ex)
            {
                host.UI.WriteErrorLine((ex.ErrorRecord?.ToString() ?? ex.Message) + Environment.NewLine + "The drill failed.");
                return 1;
            }
            if (ps.InvocationStateInfo.State == PSInvocationState.Stopped)
            {
                host.UI.WriteErrorLine("The drill was stopped.");
                return 1;
            }
            if (ps.HadErrors)
            {
                host.UI.WriteErrorLine("The drill reported errors.");
                return 1;
            }
            return 0;
        }

        private static string? RepositoryRoot()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "DltDr.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "examples"))) return dir.FullName;
                }
            }
            return null;
        }
    }
}
