using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace DltDr.Drill
{
    /// <summary>Writes each stream to the console in its usual colour; progress is one line that is rewritten in place.</summary>
    internal sealed class ConsoleHostUI : PSHostUserInterface
    {
        private readonly object _sync = new object();
        private readonly ConsoleRawUI _raw = new ConsoleRawUI();
        private string? _progress;

        public override PSHostRawUserInterface RawUI => _raw;

        public override void Write(string value) => Out(Console.ForegroundColor, value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Out(foregroundColor, value);
        public override void WriteLine(string value) => Out(Console.ForegroundColor, value + Environment.NewLine);
        public override void WriteErrorLine(string value) => Out(ConsoleColor.Red, value + Environment.NewLine);
        public override void WriteDebugLine(string message) => Out(ConsoleColor.DarkGray, "DEBUG: " + message + Environment.NewLine);
        public override void WriteVerboseLine(string message) => Out(ConsoleColor.DarkGray, "  " + message + Environment.NewLine);
        public override void WriteWarningLine(string message) => Out(ConsoleColor.Yellow, "WARNING: " + message + Environment.NewLine);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (_sync)
            {
                var line = record.RecordType == ProgressRecordType.Completed ? null : $"  [{record.Activity}] {record.StatusDescription}";
                if (Console.IsOutputRedirected)
                {
                    // A log gets each distinct step once, not a line per poll.
                    if (line != null && line != _progress) Console.WriteLine(line);
                    _progress = line;
                    return;
                }
                ClearProgress();
                if (line != null)
                {
                    var width = Math.Max(20, _raw.BufferSize.Width - 1);
                    _progress = line.Length > width ? line.Substring(0, width) : line;
                    var old = Console.ForegroundColor;
                    Console.ForegroundColor = ConsoleColor.DarkCyan;
                    Console.Write(_progress);
                    Console.ForegroundColor = old;
                }
            }
        }

        private void ClearProgress()
        {
            if (_progress == null || Console.IsOutputRedirected) return;
            Console.Write("\r" + new string(' ', _progress.Length) + "\r");
            _progress = null;
        }

        private static readonly System.Text.RegularExpressions.Regex Ansi = new System.Text.RegularExpressions.Regex("\u001b\\[[0-9;]*m", System.Text.RegularExpressions.RegexOptions.Compiled);

        private void Out(ConsoleColor color, string text)
        {
            // PowerShell 7 colours table headers with escape sequences; a log file gets plain text.
            if (Console.IsOutputRedirected) text = Ansi.Replace(text, string.Empty);
            lock (_sync)
            {
                ClearProgress();
                var old = Console.ForegroundColor;
                Console.ForegroundColor = color;
                Console.Write(text);
                Console.ForegroundColor = old;
            }
        }

        public override string ReadLine() => throw new NotSupportedException("The drill runs unattended; it reads no input.");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The drill runs unattended; it reads no input.");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException("The drill runs unattended; it prompts for nothing.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException("The drill runs unattended.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException("The drill runs unattended.");
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException("The drill runs unattended; commands are run with -Confirm:$false.");
    }
}
