using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace DltDr.Emulator.Limits
{
    /// <summary>
    /// A workspace's request limits, on the emulator's time source (the machine's clock unless a test
    /// gives its own), not on the scaled virtual clock: a call over its endpoint's limit is refused
    /// with 429 and the seconds until the bucket has room again. Off unless enabled.
    /// </summary>
    public sealed class RateLimiter
    {
        private static readonly Regex ApiPrefix = new Regex(@"^/api/\d+\.\d+/", RegexOptions.CultureInvariant);
        private readonly object _sync = new object();
        private readonly Func<TimeSpan> _now;
        private readonly Dictionary<string, Bucket> _buckets = new Dictionary<string, Bucket>(StringComparer.Ordinal);
        private List<RateLimitRule> _rules = DocumentedRateLimits.Initial.ToList();
        private readonly Dictionary<string, int> _refused = new Dictionary<string, int>(StringComparer.Ordinal);

        public RateLimiter(TimeProvider? time = null)
        {
            var source = time ?? TimeProvider.System;
            var start = source.GetTimestamp();
            _now = () => source.GetElapsedTime(start);
        }

        public bool Enabled
        {
            get { lock (_sync) return _enabled; }
            set
            {
                lock (_sync)
                {
                    _enabled = value;
                    _buckets.Clear();
                }
            }
        }

        private bool _enabled;

        public IReadOnlyList<RateLimitRule> Rules
        {
            get { lock (_sync) return _rules.ToList(); }
        }

        /// <summary>Calls refused so far, by limit name.</summary>
        public IReadOnlyDictionary<string, int> Refused
        {
            get { lock (_sync) return new Dictionary<string, int>(_refused); }
        }

        /// <summary>Replaces the count and window of named limits; unknown names are an error naming the known ones.</summary>
        public void Set(IEnumerable<(string Name, int Count, TimeSpan Window)> limits)
        {
            lock (_sync)
            {
                var rules = _rules.ToList();
                foreach (var (name, count, window) in limits)
                {
                    var i = rules.FindIndex(r => r.Name == name);
                    if (i < 0) throw
                        new ArgumentException($"There is no limit '{name}'. Limits: {string.Join(", ", rules.Select(r => r.Name))}.");
                    rules[i] = rules[i].With(count, window);
                }
                _rules = rules;
                _buckets.Clear();
            }
        }

        /// <summary>Back to the documented figures, with nothing refused.</summary>
        public void Reset()
        {
            lock (_sync)
            {
                _rules = DocumentedRateLimits.Initial.ToList();
                _buckets.Clear();
                _refused.Clear();
            }
        }

        /// <summary>
        /// The limit a call to <paramref name="path"/> counts against, enabled or not; null when none does (an undocumented rule
        /// without a figure included).
        /// </summary>
        public RateLimitRule? RuleFor(string method, string path)
        {
            lock (_sync)
            {
                var rule = Find(method, path);
                return rule?.Limits == true ? rule : null;
            }
        }

        /// <summary>The rule for the call, matched on the path after <c>/api/&lt;version&gt;/</c>; under the lock.</summary>
        private RateLimitRule? Find(string method, string path)
        {
            var match = ApiPrefix.Match(path);
            return match.Success ? _rules.FirstOrDefault(r => r.Matches(method, path.Substring(match.Length))) : null;
        }

        /// <summary>Takes room for the call; false (with the limit and when to retry) when its endpoint is over its limit.</summary>
        public bool TryTake(string method, string path, out RateLimitRule? limit, out TimeSpan retryAfter)
        {
            limit = null;
            retryAfter = TimeSpan.Zero;
            lock (_sync)
            {
                if (!_enabled) return true;
                var rule = Find(method, path);
                if (rule == null || !rule.Limits) return true;
                if (!_buckets.TryGetValue(rule.Name, out var bucket)) _buckets[rule.Name] = bucket = new Bucket(rule.Count, _now());
                var now = _now();
                bucket.Tokens = Math.Min(rule.Count, bucket.Tokens + (now - bucket.At).TotalSeconds * rule.PerSecond);
                bucket.At = now;
                if (bucket.Tokens >= 1)
                {
                    bucket.Tokens -= 1;
                    return true;
                }
                limit = rule;
                retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / rule.PerSecond);
                _refused[rule.Name] = (_refused.TryGetValue(rule.Name, out var n) ? n : 0) + 1;
                return false;
            }
        }

        private sealed class Bucket
        {
            public Bucket(double tokens, TimeSpan at)
            {
                Tokens = tokens;
                At = at;
            }

            public double Tokens { get; set; }
            public TimeSpan At { get; set; }
        }
    }
}
