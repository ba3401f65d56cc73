using System;
using System.Management.Automation;
using DltDr.Engine.History;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Get-DltDrHistory: what was done to a pair (publish, switch, catch-up), when, by whom, how it
    /// ended and how long the recovery took, merged from both regions' history so one region is
    /// enough to answer.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DltDrHistory", DefaultParameterSetName = ByPair)]
    [OutputType(typeof(HistoryRecord))]
    public sealed class GetDltDrHistoryCommand : PairCmdlet
    {
        /// <summary>Only the newest N records of each pair.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        /// <summary>Only records from this time on (a DateTime is taken in its own kind: local unless it says UTC).</summary>
        [Parameter]
        public DateTimeOffset? Since { get; set; }

        protected override void ProcessPairs()
            => RunEngine((session, output)
                => new HistoryQuery(session) { Last = Last, Since = Since, ThrottleLimit = ThrottleLimit }.RunAsync(Pairs, output, Cancel));
    }
}
