using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>A token that does not change: a personal access token, or an access token handed in (e.g. from Get-AzAccessToken).</summary>
    public sealed class StaticTokenProvider : ICredentialProvider
    {
        private readonly string _token;

        public StaticTokenProvider(string name, string token)
        {
            if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The token is empty.", nameof(token));
            Name = name;
            _token = token.Trim();
        }

        public string Name { get; }

        public IEnumerable<string> Secrets => new[] { _token };

        public Task<IReadOnlyDictionary<string, string>> GetHeadersAsync(CancellationToken cancel)
            => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Authorization"] = "Bearer " + _token });

        public bool Invalidate() => false;

        public override string ToString() => Name;
    }
}
