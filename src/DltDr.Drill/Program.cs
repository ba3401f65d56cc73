using System;
using System.IO;
using System.Threading.Tasks;
using DltDr.Emulator;

namespace DltDr.Drill
{
    /// <summary>
    /// <c>dotnet run --project src/DltDr.Drill</c>: starts two emulated workspaces on loopback, hosts
    /// PowerShell 7.6's console host (Microsoft.PowerShell.SDK) and runs examples/Start-DltDrDrill.ps1
    /// in it, exactly as a pwsh user runs the script. Exit code 0 when the drill succeeds.
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
                if (args[i] == "--clock-scale" && i + 1 < args.Length
                    && double.TryParse(args[i + 1], System.Globalization.NumberStyles.Float,
                        System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0)
                {
                    scale = s;
                    i++;
                }
                else
                {
                    Console.Error.WriteLine(args[i] is "--help" or "-h" ? Usage
                        : $"error: unknown or invalid argument '{args[i]}'.\n{Usage}");
                    return args[i] is "--help" or "-h" ? 0 : 2;
                }
            }

            var root = RepositoryRoot();
            if (root == null)
            {
                Console.Error.WriteLine("error: run the drill from the DltDr repository (DltDr.psd1 and examples/ were not found "
                    + "above the current folder).");
                return 2;
            }
            var manifest = Path.Combine(root, "out", "DltDr", "DltDr.psd1"); // the script imports it from there
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
            Console.WriteLine($"Emulated workspaces on loopback: primary {emulator["primary"].BaseUrl}, secondary "
                + $"{emulator["secondary"].BaseUrl} (clock {scale}x real time).");

            // PowerShell's own console host (Microsoft.PowerShell.SDK), run as 'pwsh -File' would run
            // it: the same tables, colours, progress and exit code a pwsh user sees.
            var pwshArgs = new[] { "-NoProfile", "-ExecutionPolicy", "Bypass", "-File", script, "-PrimaryHost", emulator["primary"].BaseUrl,
                "-SecondaryHost", emulator["secondary"].BaseUrl, "-EmulatorClockScale",
                    scale.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var exit = Microsoft.PowerShell.ConsoleShell.Start(null, null, pwshArgs);
            if (exit != 0) Console.Error.WriteLine("The drill failed.");
            return exit;
        }

        private static string? RepositoryRoot()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "DltDr.psd1"))
                        && Directory.Exists(Path.Combine(dir.FullName, "examples"))) return dir.FullName;
                }
            }
            return null;
        }
    }
}
