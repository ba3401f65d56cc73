using System;
using System.Linq;
using System.Management.Automation;
using DltDr.Engine.Auth;
using DltDr.Engine.Pairs;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// The environment as a cmdlet sees it: a session variable of the same name (for example
    /// $DltDrPairPath for DLTDR_PAIR_PATH) wins over the process environment, so one session can
    /// point elsewhere without changing the process for others.
    /// </summary>
    internal sealed class PowerShellEnvironment : IEnvironment
    {
        internal const string PairPathVariable = "DltDrPairPath";

        private readonly Func<object?> _pairPath;

        public PowerShellEnvironment(SessionState session)
            : this(() => session.PSVariable.GetValue(PairPathVariable))
        {
        }

        /// <summary>
        /// For callers without a cmdlet's SessionState (argument completers): reads $DltDrPairPath through the given function.
        /// </summary>
        public PowerShellEnvironment(Func<object?> pairPathVariable) => _pairPath = pairPathVariable;

        /// <summary>
        /// The session's pair store. Each entry of the pair path is a PowerShell path: '~', a
        /// drive, or relative to the current location, as at the prompt (not the process directory).
        /// </summary>
        public static PairStore Store(SessionState session)
            => PairStore.FromEnvironment(new PowerShellEnvironment(session),
                entry => session.Path.GetUnresolvedProviderPathFromPSPath(entry));

        /// <summary>$DltDrPairPath may be a string in the PATH form or an array of folders.</summary>
        public string? Get(string name)
        {
            if (name == PairStore.PathVariable && _pairPath() is object v)
            {
                var value = v is PSObject ps ? ps.BaseObject : v;
                var text = value is System.Collections.IEnumerable list && !(value is string)
                    ? string.Join(System.IO.Path.PathSeparator.ToString(),
                        list.Cast<object>().Select(o => o?.ToString()).Where(o => !string.IsNullOrWhiteSpace(o)))
                    : value.ToString();
                if (text.Length > 0) return text;
            }
            return ProcessEnvironment.Instance.Get(name);
        }

        public string HomeDirectory => ProcessEnvironment.Instance.HomeDirectory;
    }
}
