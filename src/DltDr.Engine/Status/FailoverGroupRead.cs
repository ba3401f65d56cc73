using DltDr.Engine.Databricks.Models;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Status
{
    /// <summary>A failover group as one command read it: what the account answered, or why it could not be read.</summary>
    public sealed class FailoverGroupRead
    {
        public FailoverGroupRead(FailoverGroupLink link, FailoverGroupInfo? info, string? error)
        {
            Link = link;
            Info = info;
            Error = error;
        }

        public FailoverGroupLink Link { get; }
        public FailoverGroupInfo? Info { get; }
        public string? Error { get; }
    }
}
