using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace DltDr.Emulator.Model
{
    /// <summary>
    /// The subset of the events filter grammar the service documents: <c>level='ERROR'</c>,
    /// <c>level in ('INFO','WARN')</c>, <c>id='...'</c>, <c>timestamp &gt; 'ISO-8601'</c> (and &gt;=, &lt;, &lt;=, =),
    /// joined with AND. Any other field (<c>event_type</c> included: not a documented filter field)
    /// is answered as the service documents a bad parameter, 400 <c>INVALID_PARAMETER_VALUE</c>
    /// naming the field, so a client relying on an undocumented field is caught here.
    /// </summary>
    internal sealed class EventFilter
    {
        private static readonly HashSet<string> Documented = new HashSet<string>(StringComparer.Ordinal) { "level", "id", "timestamp" };

        private readonly List<Func<PipelineEventRecord, bool>> _conditions = new List<Func<PipelineEventRecord, bool>>();

        public bool Matches(PipelineEventRecord e) => _conditions.All(c => c(e));

        public static EventFilter Parse(string? filter)
        {
            var f = new EventFilter();
            if (string.IsNullOrWhiteSpace(filter)) return f;
            foreach (var part in Regex.Split(filter, @"\s+AND\s+", RegexOptions.IgnoreCase))
            {
                var eq = Regex.Match(part, @"^\s*(level|id)\s*=\s*'([^']*)'\s*$", RegexOptions.IgnoreCase);
                var inList = Regex.Match(part, @"^\s*level\s+in\s*\(([^)]*)\)\s*$", RegexOptions.IgnoreCase);
                var ts = Regex.Match(part, @"^\s*timestamp\s*(>=|<=|>|<|=)\s*'([^']*)'\s*$", RegexOptions.IgnoreCase);
                if (eq.Success)
                {
                    var field = eq.Groups[1].Value.ToLowerInvariant();
                    var value = eq.Groups[2].Value;
                    f._conditions.Add(field switch
                    {
                        "level" => e => string.Equals(e.Level, value, StringComparison.OrdinalIgnoreCase),
                        _ => e => e.Id == value,
                    });
                }
                else if (inList.Success)
                {
                    var levels = inList.Groups[1].Value.Split(',').Select(s => s.Trim().Trim('\'').ToUpperInvariant()).ToList();
                    f._conditions.Add(e => levels.Contains(e.Level));
                }
                else if (ts.Success)
                {
                    if (!DateTimeOffset.TryParse(ts.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
                        out var at))
                        throw ApiException.InvalidParameter($"Invalid timestamp '{ts.Groups[2].Value}' in filter.");
                    var op = ts.Groups[1].Value;
                    f._conditions.Add(op switch
                    {
                        // The service compares at millisecond precision, as timestamps are written.
                        ">" => e => Ms(e.Timestamp) > Ms(at),
                        ">=" => e => Ms(e.Timestamp) >= Ms(at),
                        "<" => e => Ms(e.Timestamp) < Ms(at),
                        "<=" => e => Ms(e.Timestamp) <= Ms(at),
                        _ => e => Ms(e.Timestamp) == Ms(at),
                    });
                }
                else if (Regex.Match(part, @"^\s*([A-Za-z_][A-Za-z0-9_.]*)") is Match field && field.Success
                    && !Documented.Contains(field.Groups[1].Value.ToLowerInvariant()))
                {
                    throw ApiException.InvalidParameter($"Invalid filter field '{field.Groups[1].Value}': the events filter takes "
                        + "level, id and timestamp.");
                }
                else
                {
                    throw ApiException.InvalidParameter($"Invalid filter condition '{part.Trim()}'.");
                }
            }
            return f;
        }

        private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    }
}
