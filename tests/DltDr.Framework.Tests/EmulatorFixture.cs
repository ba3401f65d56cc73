using System;

namespace DltDr.Framework.Tests
{
    /// <summary>One emulator process for a test class (xunit runs a class's tests one at a time).</summary>
    public sealed class EmulatorFixture : IDisposable
    {
        private readonly Lazy<EmulatorProcess> _emulator = new Lazy<EmulatorProcess>(() => new EmulatorProcess());

        public EmulatorProcess Emulator => _emulator.Value;

        public void Dispose()
        {
            if (_emulator.IsValueCreated) _emulator.Value.Dispose();
        }
    }
}
