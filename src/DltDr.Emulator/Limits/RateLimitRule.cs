using System;
using System.Globalization;

namespace DltDr.Emulator.Limits
{
    /// <summary>
    /// One of the service's per-workspace request limits: calls of one endpoint (or, with
    /// <see cref="Prefix"/>, of a family such as SCIM) allowed per window, as a token bucket that
    /// holds a window's worth and refills evenly.
    /// </summary>
    public sealed class RateLimitRule
    {
        public RateLimitRule(string name, string method, string path, int count, TimeSpan window, bool prefix = false)
        {
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A limit allows at least one call per window.");
            if (window <= TimeSpan.Zero) throw
                new ArgumentOutOfRangeException(nameof(window), window, "A limit's window must be positive.");
            Name = name;
            Method = method;
            Path = path;
            Count = count;
            Window = window;
            Prefix = prefix;
        }

        /// <summary>What the limit is called in the control API and in the 429's message, e.g. <c>jobs/list</c>.</summary>
        public string Name { get; }

        public string Method { get; }

        /// <summary>The path after <c>/api/&lt;version&gt;/</c>, so 2.1 and 2.2 share one limit.</summary>
        public string Path { get; }

        public bool Prefix { get; }

        /// <summary>Calls allowed per window; 0 for an endpoint that has no limit until one is set.</summary>
        public int Count { get; }

        /// <summary>Whether the rule limits anything (an undocumented one does only once a figure is set).</summary>
        public bool Limits => Count > 0;

        public TimeSpan Window { get; }

        public double PerSecond => Count / Window.TotalSeconds;

        public bool Matches(string method, string apiPath)
            => string.Equals(method, Method, StringComparison.Ordinal)
               && (Prefix ? apiPath.StartsWith(Path, StringComparison.Ordinal) : string.Equals(apiPath, Path, StringComparison.Ordinal));

        public RateLimitRule With(int count, TimeSpan window) => new RateLimitRule(Name, Method, Path, count, window, Prefix);

        /// <summary>An endpoint the service documents no figure for: no limit until a test or the control API sets one.</summary>
        public static RateLimitRule Undocumented(string name, string method, string path)
            => new RateLimitRule(name, method, path, 0, TimeSpan.FromSeconds(1), prefix: true);

        public override string ToString()
            => Count == 0 ? "no limit"
             : Window == TimeSpan.FromSeconds(1) ? $"{Count} per second"
             : Window == TimeSpan.FromMinutes(1) ? $"{Count} per minute"
             : $"{Count} per {Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
    }
}
