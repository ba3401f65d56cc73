using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>Everything one script run wrote, stream by stream, as a user's console would see it.</summary>
    public sealed class PsResult
    {
        public PsResult(
            IReadOnlyList<PSObject> output,
            IReadOnlyList<ErrorRecord> errors,
            IReadOnlyList<WarningRecord> warnings,
            IReadOnlyList<VerboseRecord> verbose,
            IReadOnlyList<DebugRecord> debug,
            IReadOnlyList<ProgressRecord> progress,
            IReadOnlyList<InformationRecord> information,
            RuntimeException? terminatingError)
        {
            Output = output;
            Errors = errors;
            Warnings = warnings;
            Verbose = verbose;
            Debug = debug;
            Progress = progress;
            Information = information;
            TerminatingError = terminatingError;
        }

        public IReadOnlyList<PSObject> Output { get; }
        public IReadOnlyList<ErrorRecord> Errors { get; }
        public IReadOnlyList<WarningRecord> Warnings { get; }
        public IReadOnlyList<VerboseRecord> Verbose { get; }
        public IReadOnlyList<DebugRecord> Debug { get; }
        public IReadOnlyList<ProgressRecord> Progress { get; }
        public IReadOnlyList<InformationRecord> Information { get; }

        /// <summary>True when the pipeline was stopped (Ctrl+C, or the test's time limit).</summary>
        public bool Stopped { get; internal set; }

        /// <summary>True when the test's time limit stopped it.</summary>
        public bool TimedOut { get; internal set; }

        /// <summary>The exception that stopped the script, if one did (a terminating error).</summary>
        public RuntimeException? TerminatingError { get; }

        public IEnumerable<T> OutputOf<T>() => Output.Select(o => o.BaseObject).OfType<T>();

        /// <summary>Every message of every stream joined, for checking that nothing leaks a secret.</summary>
        public string AllText()
        {
            var parts = new List<string>();
            parts.AddRange(Output.Select(o => o?.ToString() ?? string.Empty));
            parts.AddRange(Errors.Select(e => e.ToString() + " " + e.FullyQualifiedErrorId + " " + e.Exception));
            parts.AddRange(Warnings.Select(w => w.Message));
            parts.AddRange(Verbose.Select(v => v.Message));
            parts.AddRange(Debug.Select(d => d.Message));
            parts.AddRange(Progress.Select(p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation));
            parts.AddRange(Information.Select(i => i.MessageData?.ToString() ?? string.Empty));
            if (TerminatingError != null)
            {
                parts.Add(TerminatingError.ToString());
            }
            if (TimedOut)
            {
                parts.Add("(stopped: the test's time limit was reached)");
            }
            return string.Join("\n", parts);
        }

        public override string ToString() => AllText();
    }
}
