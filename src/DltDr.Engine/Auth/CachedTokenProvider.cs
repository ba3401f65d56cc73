using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DltDr.Engine.Auth
{
    /// <summary>
    /// A provider whose tokens expire: it caches them and fetches new ones a margin before expiry,
    /// so a long wait never sends an expired token. One fetch at a time.
    /// </summary>
    public abstract class CachedTokenProvider : ICredentialProvider
    {
        private readonly Concurrency.AsyncGate _gate = new Concurrency.AsyncGate(1);
        private readonly Time.Clock _clock;
        private AccessToken? _token;
        private AccessToken? _management;
        private DateTimeOffset _tokenFetchedAt;
        private DateTimeOffset _managementFetchedAt;

        protected CachedTokenProvider(Time.Clock? clock) => _clock = clock ?? Time.Clock.System;

        public abstract string Name { get; }

        /// <summary>Fetches a new token for the workspace.</summary>
        protected abstract Task<AccessToken> FetchAsync(CancellationToken cancel);

        /// <summary>An Azure management token to send with the workspace resource id, when one is needed.</summary>
        protected virtual Task<AccessToken?> FetchManagementAsync(CancellationToken cancel) => Task.FromResult<AccessToken?>(null);

        /// <summary>The Azure workspace resource id to send with the management token.</summary>
        protected virtual string? WorkspaceResourceId => null;

        /// <summary>Secrets the provider holds besides its tokens (a client secret).</summary>
        protected virtual IEnumerable<string> OtherSecrets => Enumerable.Empty<string>();

        public IEnumerable<string> Secrets
            => OtherSecrets.Concat(new[] { _token?.Value, _management?.Value }.Where(s => s != null).Select(s => s!)).ToList();

        public async Task<IReadOnlyDictionary<string, string>> GetHeadersAsync(CancellationToken cancel)
        {
            await _gate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                if (NeedsRefresh(_token, _tokenFetchedAt))
                {
                    _tokenFetchedAt = _clock.UtcNow;
                    _token = await FetchAsync(cancel).ConfigureAwait(false);
                }
                if (WorkspaceResourceId != null && NeedsRefresh(_management, _managementFetchedAt))
                {
                    _managementFetchedAt = _clock.UtcNow;
                    _management = await FetchManagementAsync(cancel).ConfigureAwait(false);
                }
                var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + _token!.Value };
                if (WorkspaceResourceId != null && _management != null)
                {
                    headers["X-Databricks-Azure-SP-Management-Token"] = _management.Value;
                    headers["X-Databricks-Azure-Workspace-Resource-Id"] = WorkspaceResourceId;
                }
                return headers;
            }
            finally
            {
                _gate.Release();
            }
        }

        public bool Invalidate()
        {
            _token = null;
            _management = null;
            return true;
        }

        /// <summary>Refresh a margin before expiry: 5 minutes, or half the lifetime of a token that lives less than 10 minutes.</summary>
        private bool NeedsRefresh(AccessToken? token, DateTimeOffset fetchedAt)
        {
            if (token == null) return true;
            var lifetime = token.ExpiresOn - fetchedAt;
            var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, Math.Max(0, lifetime.Ticks / 2)));
            return token.ExpiresOn - _clock.UtcNow <= margin;
        }

        public override string ToString() => Name;
    }
}
