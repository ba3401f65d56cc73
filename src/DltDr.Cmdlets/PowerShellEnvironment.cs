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
        private readonly SessionState _session;

        public PowerShellEnvironment(SessionState session) => _session = session;

        public string? Get(string name)
        {
            if (name == Engine.Pairs.PairStore.PathVariable && _session.PSVariable.GetValue("DltDrPairPath") is object v && v.ToString().Length > 0)
            {
                return v.ToString();
            }
            return ProcessEnvironment.Instance.Get(name);
        }

        public string HomeDirectory => ProcessEnvironment.Instance.HomeDirectory;
    }
}
