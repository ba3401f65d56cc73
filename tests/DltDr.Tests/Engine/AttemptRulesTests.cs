using DltDr.Engine.Databricks;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// The transport's one table of failed attempts, read as a truth table: which kinds of call are
    /// sent again, and which may have been applied all the same (a starting write is then never
    /// repeated: the caller reads state).
    /// </summary>
    public class AttemptRulesTests
    {
        [Theory]
        // status, code (status 0: no answer), rule, read / idempotent write / starting write: sent again? outcome unknown?
        [InlineData(0, TransportErrorCodes.Unreachable, "not sent", "yes/no", "yes/no", "yes/no")]
        [InlineData(0, TransportErrorCodes.Timeout, "timed out", "yes/no", "yes/unknown", "no/unknown")]
        [InlineData(0, TransportErrorCodes.ConnectionLost, "connection lost", "yes/no", "yes/unknown", "no/unknown")]
        [InlineData(429, "REQUEST_LIMIT_EXCEEDED", "throttled", "yes/no", "yes/no", "yes/no")]
        [InlineData(503, "TEMPORARILY_UNAVAILABLE", "unavailable", "yes/no", "yes/no", "yes/no")]
        [InlineData(500, "INTERNAL_ERROR", "server error", "yes/no", "no/unknown", "no/unknown")]
        [InlineData(504, "DEADLINE_EXCEEDED", "server error", "yes/no", "no/unknown", "no/unknown")]
        [InlineData(401, "UNAUTHENTICATED", "credentials refused", "no/no", "no/no", "no/no")]
        [InlineData(403, "PERMISSION_DENIED", "credentials refused", "no/no", "no/no", "no/no")]
        [InlineData(400, "INVALID_PARAMETER_VALUE", "refused", "no/no", "no/no", "no/no")]
        [InlineData(404, "RESOURCE_DOES_NOT_EXIST", "refused", "no/no", "no/no", "no/no")]
        [InlineData(409, "RESOURCE_CONFLICT", "refused", "no/no", "no/no", "no/no")]
        [InlineData(200, TransportErrorCodes.InvalidResponse, "refused", "no/no", "no/no", "no/no")]
        public void A_failed_attempt_is_retried_by_the_kind_of_call(int status, string code, string rule, string read, string idempotent,
            string starting)
        {
            var r = AttemptRules.Of(status, code);
            Assert.Equal(rule, r.Name);
            Assert.Equal(read, Say(r, CallKind.Read));
            Assert.Equal(idempotent, Say(r, CallKind.IdempotentWrite));
            Assert.Equal(starting, Say(r, CallKind.StartingWrite));
        }

        [Fact]
        public void Only_an_unsent_request_reconnects_and_only_refused_credentials_are_fetched_again()
        {
            foreach (var r in AttemptRules.All)
            {
                var expected = r == AttemptRules.NotSent ? AttemptHandling.Reconnect
                    : r == AttemptRules.CredentialsRefused ? AttemptHandling.RefreshCredentials : AttemptHandling.ByKind;
                Assert.Equal(expected, r.Handling);
            }
            // The last rule takes whatever no rule before it did.
            Assert.Same(AttemptRules.Refused, AttemptRules.All[AttemptRules.All.Count - 1]);
        }

        private static string Say(AttemptRule r, CallKind kind) => (r.Retries(kind) ? "yes" : "no") + "/" + (r.OutcomeUnknown(kind) ? "unknown" : "no");
    }
}
