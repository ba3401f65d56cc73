using System.Management.Automation;
using DltDr.Engine.Output;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// The engine's next steps in PowerShell's words: the command line to type. Set when the module
    /// is imported, so every engine message that says what to run names the cmdlet. Import also
    /// turns off ANSI colour where the output is not a terminal (<see cref="PlainTextWhenRedirected"/>).
    /// </summary>
    public sealed class CommandText : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            NextStep.Renderer = Of;
            PlainTextWhenRedirected.Apply();
        }

        public static string Of(NextStep step) => step.Command switch
        {
            NextCommand.SetActiveRegion =>
                $"Set-DltDrActiveRegion -Pair {step.Pair} -Region "
                    + $"{Regions.Name(step.Region ?? Region.Primary)}{(step.Unplanned ? " -Unplanned" : string.Empty)}",
            NextCommand.Publish => $"Publish-DltDrPipeline -Pair {step.Pair}",
            NextCommand.CatchUp => $"Invoke-DltDrCatchUp -Pair {step.Pair}",
            NextCommand.Status => $"Get-DltDrStatus -Pair {step.Pair}",
            _ => $"Test-DltDrFailover -Pair {step.Pair}",
        };
    }
}
