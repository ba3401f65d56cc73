using System;
using System.Globalization;
using System.Management.Automation.Host;

namespace DltDr.Drill
{
    /// <summary>The console as the hosted engine's host: what Out-Default renders through the module's format views lands here.</summary>
    internal sealed class ConsoleHost : PSHost
    {
        private readonly Guid _id = Guid.NewGuid();
        private readonly ConsoleHostUI _ui = new ConsoleHostUI();

        public override PSHostUserInterface UI => _ui;
        public override string Name => "DltDrDrill";
        public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(1, 0);
        public override Guid InstanceId => _id;
        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
        public override void EnterNestedPrompt() => throw new NotSupportedException("The drill host has no nested prompt.");
        public override void ExitNestedPrompt() => throw new NotSupportedException("The drill host has no nested prompt.");
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }
}
