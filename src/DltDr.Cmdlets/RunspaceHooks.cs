using System;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using DltDr.Engine.Time;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// The test seam of the module: a runspace's commands can run on another clock and through a
    /// wrapped HTTP handler (a test's virtual time, shared with the emulated workspaces). Nothing
    /// but the test assembly can set it; every other runspace runs on the machine's clock.
    /// </summary>
    internal static class RunspaceHooks
    {
        private static readonly ConditionalWeakTable<Runspace, Hooks> Table = new ConditionalWeakTable<Runspace, Hooks>();

        internal sealed class Hooks
        {
            public Hooks(Clock clock, Func<HttpMessageHandler, HttpMessageHandler>? wrapHandler, Func<Action, Task>? startWork,
                Action<bool, Action>? stopProcessing)
            {
                Clock = clock;
                WrapHandler = wrapHandler;
                StartWork = startWork;
                StopProcessing = stopProcessing;
            }

            public Clock Clock { get; }
            public Func<HttpMessageHandler, HttpMessageHandler>? WrapHandler { get; }

            /// <summary>
            /// Runs the start of a command's engine work (up to its first wait) where the clock says,
            /// completing once it has: a virtual time does not move while it runs.
            /// </summary>
            public Func<Action, Task>? StartWork { get; }

            /// <summary>
            /// Takes a command's StopProcessing in place of stopping its work at once: told whether the
            /// pipeline was already marked as stopping, and given what stops the work, to call late or
            /// never. A test forces with it the window between the two that a console leaves to chance.
            /// </summary>
            public Action<bool, Action>? StopProcessing { get; }
        }

        internal static void Set(Runspace runspace, Clock clock, Func<HttpMessageHandler, HttpMessageHandler>? wrapHandler,
            Func<Action, Task>? startWork = null, Action<bool, Action>? stopProcessing = null)
        {
            Table.Remove(runspace);
            Table.Add(runspace, new Hooks(clock, wrapHandler, startWork, stopProcessing));
        }

        /// <summary>The hooks of the runspace the calling pipeline runs in; null for the machine's clock.</summary>
        internal static Hooks? Current => Runspace.DefaultRunspace is Runspace r && Table.TryGetValue(r, out var h) ? h : null;
    }
}
