using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Base of DltDr's cmdlets: one CancellationTokenSource, cancelled in StopProcessing (Ctrl+C)
    /// and passed to every call, and ShouldProcess that honours -Force the way PowerShell users expect.
    /// </summary>
    public abstract class DltDrCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        // Taken on the pipeline thread, where the runspace is known: StopProcessing comes on another.
        private readonly RunspaceHooks.Hooks? _hooks = RunspaceHooks.Current;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken Cancel => _stop.Token;

        protected override void StopProcessing()
        {
            if (_hooks?.StopProcessing is Action<bool, Action> hook) hook(Stopping, StopWork);
            else StopWork();
        }

        /// <summary>Stops the command's work: from StopProcessing, or as soon as the pipeline is seen stopping.</summary>
        internal void StopWork()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command has ended already.
            }
        }

        /// <summary>
        /// ShouldProcess, except that <paramref name="force"/> (-Force) answers the confirmation
        /// prompt unless -Confirm was given explicitly. -WhatIf still only describes.
        /// </summary>
        protected bool ShouldProcess(string target, string action, bool force)
        {
            if (force && !WhatIfRequested && !ConfirmRequested)
            {
                Verbose($"Performing the operation \"{action}\" on target \"{target}\".");
                return true;
            }
            return Ask(() => ShouldProcess(target, action), action);
        }

        /// <summary>
        /// A confirmation prompt; where no one can answer (-NonInteractive, a runbook) the host throws
        /// its bare "NonInteractive mode" error, so this names what to add instead.
        /// </summary>
        protected bool Ask(Func<bool> prompt, string action)
        {
            try
            {
                return prompt();
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException)
            {
                var record = ErrorMapping.Record(new PSInvalidOperationException(
                    $"{MyInvocation.MyCommand.Name} asks before it goes on (\"{action}\"), and this session cannot answer: "
                        + $"{ex.Message.TrimEnd('.')}. Add -Force or -Confirm:$false to run without asking.", ex),
                    Engine.ErrorIds.ConfirmationRequired, null);
                ThrowTerminatingError(record);
                return false;
            }
        }

        /// <summary>
        /// A verbose line. With -Debug and without -Verbose it goes to the debug stream: PowerShell
        /// makes a compiled cmdlet's verbose lines ask "Continue with this operation?" under -Debug,
        /// which fails a -Force run in a runbook (no one to answer) and stops a console run at each line.
        /// </summary>
        internal void Verbose(string text)
        {
            if (BoundSwitch("Debug") == true && BoundSwitch("Verbose") == null) WriteDebug(text);
            else WriteVerbose(text);
        }

        /// <summary>-WhatIf given, or $WhatIfPreference set and not overridden by -WhatIf:$false.</summary>
        protected bool WhatIfRequested => BoundSwitch("WhatIf") ?? LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        /// <summary>-Confirm given explicitly (not -Confirm:$false).</summary>
        protected bool ConfirmRequested => BoundSwitch("Confirm") == true;

        /// <summary>-Confirm:$false given explicitly: the caller said not to ask.</summary>
        protected bool ConfirmDeclined => BoundSwitch("Confirm") == false;

        /// <summary>The value of a switch given on the command line, or null when it was not given.</summary>
        private bool? BoundSwitch(string name)
            => MyInvocation.BoundParameters.TryGetValue(name, out var value) ? ((SwitchParameter)value).IsPresent : (bool?)null;

        /// <summary>The pair store as this session sees it: $DltDrPairPath or DLTDR_PAIR_PATH, each entry a PowerShell path.</summary>
        internal PairStore PairStore => PowerShellEnvironment.Store(SessionState);

        /// <summary>
        /// The pairs of the store matching a name or pattern, each read; an error record for a name
        /// found nowhere (<paramref name="remedy"/> says how else to give it), a definition with
        /// problems, or a name defined twice. Reading goes on with the next.
        /// </summary>
        internal System.Collections.Generic.IEnumerable<PairDefinition> ReadFromStore(string pattern, string remedy)
        {
            var store = PairStore;
            var found = store.Find(pattern);
            if (found.Count == 0 && !PairStore.HasWildcard(pattern))
            {
                WriteError(ErrorMapping.PairNotFound(store, pattern, remedy));
                yield break;
            }
            foreach (var file in found)
            {
                PairDefinition? pair = null;
                try
                {
                    pair = PairStore.Read(file);
                }
                catch (Exception ex) when (ex is PairDefinitionException || ex is PairNameConflictException)
                {
                    WriteError(ErrorMapping.ToRecord(ex, file.Name));
                }
                if (pair != null) yield return pair;
            }
        }

        /// <summary>
        /// The pairs of the store whose definition names <paramref name="group"/>. A file that cannot
        /// be read is a warning here (it may not belong to the group); no pair at all is PairNotFound.
        /// </summary>
        internal System.Collections.Generic.IEnumerable<PairDefinition> ReadGroupFromStore(string group)
        {
            var store = PairStore;
            var members = new System.Collections.Generic.List<PairDefinition>();
            foreach (var file in store.Find("*"))
            {
                try
                {
                    var pair = PairStore.Read(file);
                    if (string.Equals(pair.Group, group, StringComparison.OrdinalIgnoreCase)) members.Add(pair);
                }
                catch (Exception ex) when (ex is PairDefinitionException || ex is PairNameConflictException)
                {
                    WriteWarning($"{file.Path} could not be read, so whether pair '{file.Name}' belongs to group '{group}' is not "
                        + $"known: {ex.Message}");
                }
            }
            if (members.Count == 0) WriteError(ErrorMapping.GroupNotFound(store, group));
            return members;
        }

        /// <summary>A pair of the store by its exact name, or null (no error written): for names a definition refers to.</summary>
        internal PairDefinition? TryReadFromStore(string name)
        {
            var file = PairStore.Find(name).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (file == null) return null;
            try
            {
                return PairStore.Read(file);
            }
            catch (Exception ex) when (ex is PairDefinitionException || ex is PairNameConflictException)
            {
                return null;
            }
        }

        public void Dispose()
        {
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
