using System;
using System.Management.Automation;
using DltDr.Engine.Auth;

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

        /// <summary>For callers without a cmdlet's SessionState (argument completers): reads $DltDrPairPath through the given function.</summary>
        public PowerShellEnvironment(Func<object?> pairPathVariable) => _pairPath = pairPathVariable;

        public string? Get(string name)
        {
            if (name == Engine.Pairs.PairStore.PathVariable && _pairPath() is object v && v.ToString().Length > 0)
            {
                return v.ToString();
            }
            return ProcessEnvironment.Instance.Get(name);
        }

        public string HomeDirectory => ProcessEnvironment.Instance.HomeDirectory;
    }
}
