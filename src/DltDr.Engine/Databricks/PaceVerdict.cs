namespace DltDr.Engine.Databricks
{
    /// <summary>What a 429 did to its class: the cause judged, the pace now, what the service was seen to accept.</summary>
    public sealed class PaceVerdict
    {
        public PaceVerdict(PaceCause cause, double? perSecond, double accepted, double refusedShare)
        {
            Cause = cause;
            PerSecond = perSecond;
            Accepted = accepted;
            RefusedShare = refusedShare;
        }

        public PaceCause Cause { get; }

        /// <summary>Calls per second now; null while the class is not paced.</summary>
        public double? PerSecond { get; }

        /// <summary>Calls a second the service let through over the last two seconds.</summary>
        public double Accepted { get; }

        /// <summary>The share of the last two seconds' calls it refused.</summary>
        public double RefusedShare { get; }
    }
}
