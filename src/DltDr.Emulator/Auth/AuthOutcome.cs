namespace DltDr.Emulator.Auth
{
    /// <summary>Who a request is from, or the error the service answers when it cannot tell.</summary>
    public sealed class AuthOutcome
    {
        private AuthOutcome(string? user, int status, string? errorCode, string? message)
        {
            User = user;
            Status = status;
            ErrorCode = errorCode;
            Message = message;
        }

        public string? User { get; }
        public int Status { get; }
        public string? ErrorCode { get; }
        public string? Message { get; }
        public bool Allowed => User != null;

        public static AuthOutcome Allow(string user) => new AuthOutcome(user, 200, null, null);

        public static AuthOutcome Unauthenticated(string message) => new AuthOutcome(null, 401, "UNAUTHENTICATED", message);

        public static AuthOutcome Denied(string message) => new AuthOutcome(null, 403, "PERMISSION_DENIED", message);
    }
}
