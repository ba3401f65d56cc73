using System;
using System.Reflection;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// pwsh 7 colours warnings, errors and table headers with ANSI codes even when its standard
    /// output is a file or a pipe (a scheduled task's log, a runbook worker's capture), where they
    /// read as '^[[33;1m'. When the process's output is redirected and the user left
    /// $PSStyle.OutputRendering at its default (Host), the module sets it to PlainText on import.
    /// Windows PowerShell 5.1 has no $PSStyle and writes no ANSI codes: nothing to do there.
    /// </summary>
    internal static class PlainTextWhenRedirected
    {
        internal static void Apply()
        {
            if (!Console.IsOutputRedirected) return;
            try
            {
                var style = Type.GetType("System.Management.Automation.PSStyle, System.Management.Automation", throwOnError: false);
                var instance = style?.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
                var rendering = style?.GetProperty("OutputRendering", BindingFlags.Public | BindingFlags.Instance);
                if (instance == null || rendering == null) return;
                if (!string.Equals(rendering.GetValue(instance)?.ToString(), "Host", StringComparison.Ordinal)) return;
                rendering.SetValue(instance, Enum.Parse(rendering.PropertyType, "PlainText"));
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is ArgumentException || ex is MemberAccessException)
            {
                // A PowerShell whose $PSStyle differs keeps its own rendering: colour is cosmetic.
            }
        }
    }
}
