using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Tab completion of pair names from the pair store ($DltDrPairPath, DLTDR_PAIR_PATH or the
    /// per-user default), so an operator under pressure types "Set-DltDrActiveRegion sa&lt;Tab&gt;".
    /// </summary>
    public sealed class PairNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            IReadOnlyList<PairFile> found;
            try
            {
                // Completion runs on the pipeline thread, so the session's own $DltDrPairPath is readable here.
                var env =
                    new PowerShellEnvironment(()
                        => ScriptBlock.Create("$" + PowerShellEnvironment.PairPathVariable).Invoke().FirstOrDefault()?.BaseObject);
                var resolve = ScriptBlock.Create("$ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($args[0])");
                found = PairStore.FromEnvironment(env,
                    entry => resolve.Invoke(entry).FirstOrDefault()?.ToString() ?? entry).Find(typed + "*");
            }
            catch (Exception)
            {
                // A completer must never throw into the console: no store, no suggestions.
                return Array.Empty<CompletionResult>();
            }
            return found
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .Select(p => new CompletionResult(Quote(p.Name), p.Name, CompletionResultType.ParameterValue, p.Path))
                .ToList();
        }

        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#' }) >= 0 ? "'" + name.Replace("'", "''")
                + "'" : name;
    }
}
