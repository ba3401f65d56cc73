using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// A token that does not change: a personal access token, or an access token handed in (e.g.
    /// from Get-AzAccessToken). Given as a SecureString, it is revealed only to build a header.
    /// </summary>
    public sealed class StaticTokenProvider : ICredentialProvider
    {
        private readonly string? _token;
        private readonly SecureString? _secure;

        public StaticTokenProvider(string name, string token)
        {
            if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The token is empty.", nameof(token));
            Name = name;
            _token = token.Trim();
        }

        public StaticTokenProvider(string name, SecureString token)
        {
            if (token == null || token.Length == 0) throw new ArgumentException("The token is empty.", nameof(token));
            Name = name;
            _secure = token.Copy();
            _secure.MakeReadOnly();
        }

        public string Name { get; }

        public IEnumerable<string> Secrets => new[] { Reveal() };

        public Task<IReadOnlyDictionary<string, string>> GetHeadersAsync(CancellationToken cancel)
            => Task.FromResult<IReadOnlyDictionary<string,
                string>>(new Dictionary<string, string> { ["Authorization"] = "Bearer " + Reveal() });

        public bool Invalidate() => false;

        public override string ToString() => Name;

        private string Reveal()
        {
            if (_secure == null) return _token!;
            var ptr = Marshal.SecureStringToGlobalAllocUnicode(_secure);
            try
            {
                return Marshal.PtrToStringUni(ptr)!.Trim();
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}
