using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// A PowerShell host for tests: it keeps what is written to the console (so -WhatIf lines can
    /// be read) and answers confirmation prompts from a queue (so -Confirm can be driven).
    /// </summary>
    public sealed class TestHost : PSHost
    {
        private readonly Guid _id = Guid.NewGuid();

        public TestHostUI TestUI { get; } = new TestHostUI();
        public override PSHostUserInterface UI => TestUI;
        public override string Name => "DltDrTestHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId => _id;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class TestHostUI : PSHostUserInterface
    {
        private readonly StringBuilder _written = new StringBuilder();

        /// <summary>Choices to answer prompts with, in order (0 = Yes, 1 = Yes to All, 2 = No, 3 = No to All for ShouldProcess).</summary>
        public Queue<int> Answers { get; } = new Queue<int>();

        /// <summary>The captions and messages of the prompts asked.</summary>
        public List<string> Prompts { get; } = new List<string>();

        public string Written { get { lock (_written) return _written.ToString(); } }

        public void Clear() { lock (_written) _written.Clear(); }

        public override PSHostRawUserInterface RawUI { get; } = new TestRawUI();

        public override void Write(string value) { lock (_written) _written.Append(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) => Write(value + "\n");
        public override void WriteErrorLine(string value) => Write(value + "\n");
        public override void WriteDebugLine(string message) => Write("DEBUG: " + message + "\n");
        public override void WriteVerboseLine(string message) => Write("VERBOSE: " + message + "\n");
        public override void WriteWarningLine(string message) => Write("WARNING: " + message + "\n");
        public override void WriteProgress(long sourceId, ProgressRecord record) { }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(caption + ": " + message);
            if (Answers.Count == 0) throw new InvalidOperationException("The test did not expect a prompt: " + caption + ": " + message);
            return Answers.Dequeue();
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException("No interactive prompts in tests: " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override string ReadLine() => throw new NotSupportedException("No interactive input in tests.");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("No interactive input in tests.");
    }

    public sealed class TestRawUI : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get; set; } = new Size(200, 50);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new Size(200, 50);
        public override Size MaxWindowSize => new Size(200, 50);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new Size(200, 50);
        public override string WindowTitle { get; set; } = "DltDr tests";
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
