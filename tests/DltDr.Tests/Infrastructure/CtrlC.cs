using System;
using System.Threading;
using DltDr.Emulator.Faults;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// Ctrl+C pressed as a request arrives at a workspace: <see cref="Token"/> stops the run it is
    /// passed to. A hung request also freezes time at that instant, until this is disposed.
    /// </summary>
    public sealed class CtrlC : IDisposable
    {
        private readonly CancellationTokenSource _press = new CancellationTokenSource();
        private IDisposable? _frozen;

        private CtrlC()
        {
        }

        public CancellationToken Token => _press.Token;

        /// <summary>Presses Ctrl+C at the first <paramref name="method"/> request under <paramref name="prefix"/>; with <paramref name="hang"/> that request hangs.</summary>
        public static CtrlC At(DrWorld w, string workspace, string method, string prefix, bool hang = false)
        {
            var c = new CtrlC();
            w.H[workspace].Faults.Add(new FaultRule
            {
                Kind = hang ? FaultKind.Hang : FaultKind.Observe, Method = method, PathPrefix = prefix, Remaining = 1,
                OnMatch = () =>
                {
                    if (hang) c._frozen = w.H.Time!.Freeze();
                    c._press.Cancel();
                },
            });
            return c;
        }

        /// <summary>Presses Ctrl+C now (from a test's own fault rule).</summary>
        public static CtrlC Manual() => new CtrlC();

        public void Press() => _press.Cancel();

        /// <summary>Lets time move again after a hang.</summary>
        public void Thaw()
        {
            _frozen?.Dispose();
            _frozen = null;
        }

        public void Dispose()
        {
            Thaw();
            _press.Dispose();
        }
    }
}
