using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// A PowerShell 7.6 runspace hosted in-process with the built module imported exactly as a user
    /// would import it (Import-Module of the manifest in out/DltDr). Scripts run as script text, so
    /// parameter and pipeline binding, -WhatIf, error records and help are the real engine's.
    /// </summary>
    public sealed class PsSession : IDisposable
    {
        private readonly Runspace _runspace;

        /// <summary>The console the scripts write to: -WhatIf lines land here, and -Confirm prompts are answered from it.</summary>
        public TestHost Host { get; } = new TestHost();

        public PsSession(bool importModule = true)
        {
            var iss = InitialSessionState.CreateDefault2();
            _runspace = RunspaceFactory.CreateRunspace(Host, iss);
            _runspace.Open();
            if (importModule)
            {
                var r = Run("Import-Module '" + RepoPaths.BuiltManifest.Replace("'", "''") + "' -ErrorAction Stop");
                if (r.TerminatingError != null || r.Errors.Count > 0)
                {
                    throw new InvalidOperationException("Import-Module failed: " + r.AllText());
                }
            }
        }

        /// <summary>Makes this session's DltDr commands run on <paramref name="clock"/>, their calls through <paramref name="wrapHandler"/>.</summary>
        public void UseClock(DltDr.Engine.Time.Clock clock, Func<System.Net.Http.HttpMessageHandler, System.Net.Http.HttpMessageHandler>? wrapHandler,
            Func<Action, Task>? startWork = null)
        {
            _clock = clock;
            _wrapHandler = wrapHandler;
            _startWork = startWork;
            DltDr.Cmdlets.RunspaceHooks.Set(_runspace, clock, wrapHandler, startWork, _stopProcessing);
        }

        /// <summary>
        /// Hands each command's StopProcessing to <paramref name="stopProcessing"/> (told whether the
        /// pipeline was already stopping, and given what stops the command's work), to force the order
        /// of the two events of a Ctrl+C.
        /// </summary>
        public void OnStopProcessing(Action<bool, Action>? stopProcessing)
        {
            _stopProcessing = stopProcessing;
            DltDr.Cmdlets.RunspaceHooks.Set(_runspace, _clock ?? DltDr.Engine.Time.Clock.System, _wrapHandler, _startWork, stopProcessing);
        }

        private DltDr.Engine.Time.Clock? _clock;
        private Func<System.Net.Http.HttpMessageHandler, System.Net.Http.HttpMessageHandler>? _wrapHandler;
        private Func<Action, Task>? _startWork;
        private Action<bool, Action>? _stopProcessing;

        public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

        public object? GetVariable(string name) => _runspace.SessionStateProxy.GetVariable(name);

        /// <summary>Runs script text; a terminating error is captured, not thrown.</summary>
        public PsResult Run(string script, IDictionary? parameters = null, TimeSpan? timeout = null, CancellationToken cancel = default)
        {
            if (VirtualTime.OnClockThread)
            {
                throw new InvalidOperationException("PsSession.Run was called on the virtual time's thread, which the command needs: the test "
                    + "continued there after awaiting the module's work; await Task.Yield() first.");
            }
            // This thread blocks until the command ends: not work a virtual time waits for.
            using var notFollowed = VirtualTime.NotFollowed();
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            if (parameters != null)
            {
                ps.AddParameters(parameters);
            }

            var output = new List<PSObject>();
            RuntimeException? terminating = null;
            var limit = timeout ?? TimeSpan.FromMinutes(2);
            var timedOut = false;
            using var timer = new Timer(_ => { timedOut = true; ps.BeginStop(null, null); }, null, limit, Timeout.InfiniteTimeSpan);
            using var reg = cancel.Register(() => ps.BeginStop(null, null));
            try
            {
                var collected = ps.Invoke();
                output.AddRange(collected);
            }
            catch (RuntimeException ex)
            {
                terminating = ex;
            }

            return new PsResult(
                output,
                new List<ErrorRecord>(ps.Streams.Error),
                new List<WarningRecord>(ps.Streams.Warning),
                new List<VerboseRecord>(ps.Streams.Verbose),
                new List<DebugRecord>(ps.Streams.Debug),
                new List<ProgressRecord>(ps.Streams.Progress),
                new List<InformationRecord>(ps.Streams.Information),
                terminating)
            {
                Stopped = ps.InvocationStateInfo.State == PSInvocationState.Stopped,
                TimedOut = timedOut,
            };
        }

        public void Dispose() => _runspace.Dispose();
    }
}
