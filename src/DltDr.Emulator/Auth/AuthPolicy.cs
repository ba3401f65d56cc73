using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Auth
{
    /// <summary>
    /// Which callers a workspace accepts. By default any bearer token is accepted; a workspace can
    /// be limited to given tokens (each with a user and optionally read-only) and given OAuth
    /// clients. Tokens the OAuth endpoint issued expire on the emulator's clock in every mode.
    /// Used under the simulation's lock.
    /// </summary>
    public sealed class AuthPolicy
    {
        public const string DefaultUser = "admin@dltdr.example";

        private readonly Dictionary<string, (string User, bool ReadOnly)> _tokens = new Dictionary<string,
            (string, bool)>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _clients = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, (string ClientId, DateTimeOffset Expiry)> _issued = new Dictionary<string,
            (string, DateTimeOffset)>(StringComparer.Ordinal);

        /// <summary>When true (the default), any bearer token is accepted, and any client gets an OAuth token.</summary>
        public bool AcceptAnyToken { get; private set; } = true;

        public int IssuedTokenCount => _issued.Count;

        public void AcceptAny()
        {
            AcceptAnyToken = true;
            _tokens.Clear();
            _clients.Clear();
        }

        /// <summary>Limits the workspace to the given tokens and clients; pass none of either to refuse everybody.</summary>
        public void Restrict(IEnumerable<(string Token, string User, bool ReadOnly)> tokens,
            IEnumerable<(string ClientId, string Secret)> clients)
        {
            AcceptAnyToken = false;
            _tokens.Clear();
            _clients.Clear();
            foreach (var t in tokens) _tokens[t.Token] = (t.User, t.ReadOnly);
            foreach (var c in clients) _clients[c.ClientId] = c.Secret;
        }

        public AuthOutcome Authenticate(string? authorization, bool isWrite, DateTimeOffset now)
        {
            if (string.IsNullOrEmpty(authorization) || !authorization!.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return AuthOutcome.Unauthenticated("Credential was not sent or was of an unsupported type for this API.");
            }
            var token = authorization.Substring(7).Trim();
            if (token.Length == 0) return AuthOutcome.Unauthenticated("Credential was not sent or was of an unsupported type for "
                + "this API.");

            if (_issued.TryGetValue(token, out var issued))
            {
                return issued.Expiry > now ? AuthOutcome.Allow(issued.ClientId) : AuthOutcome.Denied("Invalid access token.");
            }
            if (AcceptAnyToken) return AuthOutcome.Allow(DefaultUser);
            if (!_tokens.TryGetValue(token, out var known)) return AuthOutcome.Denied("Invalid access token.");
            if (known.ReadOnly && isWrite)
            {
                return AuthOutcome.Denied($"User {known.User} does not have the permission required to change this resource.");
            }
            return AuthOutcome.Allow(known.User);
        }

        /// <summary>The client credentials grant; null when the client is not accepted.</summary>
        public JObject? IssueToken(string clientId, string clientSecret, TimeSpan lifetime, DateTimeOffset now)
        {
            if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret)) return null;
            if (!AcceptAnyToken && (!_clients.TryGetValue(clientId, out var secret) || !FixedTimeEquals(secret, clientSecret))) return null;
            var bytes = new byte[32];
            RandomNumberGenerator.Fill(bytes);
            var token = "eyJlbXVsYXRvciI6dHJ1ZX0." + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            _issued[token] = (clientId, now + lifetime);
            return new JObject
            {
                ["access_token"] = token,
                ["token_type"] = "Bearer",
                ["expires_in"] = (long)lifetime.TotalSeconds,
                ["scope"] = "all-apis",
            };
        }

        private static bool FixedTimeEquals(string a, string b)
            => CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

        public IReadOnlyList<string> ClientIds => _clients.Keys.ToList();

        /// <summary>A token issued elsewhere for a principal (a managed identity), accepted in every mode until it expires.</summary>
        public void AcceptIssued(string token, string principal, DateTimeOffset expiry) => _issued[token] = (principal, expiry);
    }
}
