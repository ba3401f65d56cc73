using System;
using DltDr.Engine.Databricks;

namespace DltDr.Engine.Output
{
    /// <summary>
    /// A region stopped answering midway through a command: RegionUnreachable, in words that name the
    /// pair and the region, say what was already done there and what to run once it answers. The
    /// transport's failure is the inner exception (a timeout or a refused connection).
    /// </summary>
    public sealed class RegionLostException : Exception, IDrError
    {
        public RegionLostException(string message, DatabricksApiException lost) : base(message, lost)
        {
        }

        public string ErrorId => ErrorIds.RegionUnreachable;
    }
}
