namespace DltDr.Emulator.Simulation
{
    /// <summary>
    /// Hears when a workspace holds a request without answering (a hang, an applied-then-timeout, a
    /// hung workspace) and when it lets it go. A test's virtual time uses it to tell a held call,
    /// which only its timeout ends, from one still being answered. Calls are named by the client's
    /// <see cref="EmulatorHeaders.CallId"/> header; a request without one is reported with a null id.
    /// </summary>
    public interface IHeldRequests
    {
        void Holding(string? callId);

        void Released(string? callId);
    }

    /// <summary>The request header a test client names its calls with.</summary>
    public static class EmulatorHeaders
    {
        public const string CallId = "x-emulator-call-id";
    }
}
