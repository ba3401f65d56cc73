namespace DltDr.Engine.Operations
{
    /// <summary>
    /// What a switch that lost the pair to another operator did with its own changes: what it put
    /// back, and what it had to leave (and why). Its error and history record say the same.
    /// </summary>
    internal sealed class PutBack
    {
        public PutBack(string done, string? left)
        {
            Done = done;
            Left = left;
        }

        /// <summary>What was put back, e.g. "secondary triggered, its update stopped, its catch-up resumed"; empty when nothing.</summary>
        public string Done { get; }

        /// <summary>What was left as it was and why, with the command that settles it; null when everything was put back.</summary>
        public string? Left { get; }
    }
}
