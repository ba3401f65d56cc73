namespace DltDr.Emulator.Faults
{
    /// <summary>What a fault rule does to a request it matches.</summary>
    public enum FaultKind
    {
        /// <summary>Answer an error status (429, 500, 503, 504, ...) with the service's error body.</summary>
        Status,

        /// <summary>Drop the connection before handling (the client sees a reset).</summary>
        Reset,

        /// <summary>Handle the request (the change is made), then never answer.</summary>
        AppliedThenTimeout,

        /// <summary>Accept the request and never answer, without handling it.</summary>
        Hang,

        /// <summary>
        /// The workspace goes down as the request arrives: it is dropped unhandled and later connections are refused until it is brought
        /// up.
        /// </summary>
        Down,

        /// <summary>
        /// No fault: the request is handled as usual, after the rule's <see cref="FaultRule.OnMatch"/> ran (a test acting at that instant).
        /// </summary>
        Observe,
    }
}
