using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Checks a Quartz cron expression as Databricks job schedules take it: seconds, minutes,
    /// hours, day of month, month, day of week and an optional year, with <c>? * , - / L W #</c>
    /// and month and day names. Validation only; the service runs the schedule.
    /// </summary>
    public static class QuartzCron
    {
        private static readonly string[] Months = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
        private static readonly string[] Days = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
        private static readonly (string Name, int Min, int Max)[] Fields =
        {
            ("seconds", 0, 59), ("minutes", 0, 59), ("hours", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 1, 7),
                ("year", 1970, 2199),
        };

        /// <summary>Null when valid, else what is wrong.</summary>
        public static string? Validate(string? expression)
        {
            if (string.IsNullOrWhiteSpace(expression)) return "the expression is empty";
            var parts = SplitFields(expression!);
            if (parts.Length < 6 || parts.Length > 7)
                return $"a Quartz expression has 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), not "
                    + $"{parts.Length}; for example '0 0 1 * * ?'";
            for (var i = 0; i < parts.Length; i++)
            {
                var error = ValidateField(parts[i].ToUpperInvariant(), i);
                if (error != null) return $"{Fields[i].Name} '{parts[i]}': {error}";
            }
            var dom = parts[3];
            var dow = parts[5];
            if ((dom == "?") == (dow == "?"))
                return "exactly one of day of month and day of week must be '?' (for example '0 0 1 * * ?')";
            return null;
        }

        /// <summary>The expression's fields, seconds first; shared with <see cref="CronMatcher"/>.</summary>
        internal static string[] SplitFields(string expression)
            => expression.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

        internal static (int Min, int Max) Bounds(int index) => (Fields[index].Min, Fields[index].Max);

        /// <summary>A field's value (a number in range, or JAN-DEC, SUN-SAT by position), or null.</summary>
        internal static int? Value(string v, int index)
        {
            var (_, min, max) = Fields[index];
            return Value(v, index, min, max);
        }

        private static string? ValidateField(string field, int index)
        {
            var (_, min, max) = Fields[index];
            if (field == "?") return index == 3 || index == 5 ? null : "'?' is allowed only in day of month and day of week";
            foreach (var item in field.Split(','))
            {
                if (item.Length == 0) return "an empty list item";
                var error = ValidateItem(item, index, min, max);
                if (error != null) return error;
            }
            return null;
        }

        private static string? ValidateItem(string item, int index, int min, int max)
        {
            if (index == 3 && (item == "L" || item == "LW" || Regex.IsMatch(item, @"^L-\d{1,2}$") || Regex.IsMatch(item, @"^\d{1,2}W$")))
                return item.EndsWith("W", StringComparison.Ordinal) && item != "LW" ? Range(item.TrimEnd('W'), 1, 31) : null;
            if (index == 5)
            {
                var hash = Regex.Match(item, @"^([A-Z]{3}|\d)#([1-5])$");
                if (hash.Success) return Value(hash.Groups[1].Value, index, min, max) == null ? "unknown day" : null;
                var last = Regex.Match(item, @"^([A-Z]{3}|\d)?L$");
                if (last.Success) return last.Groups[1].Success && Value(last.Groups[1].Value, index, min, max) == null ? "unknown day"
                    : null;
            }
            var step = item.Split('/');
            if (step.Length > 2) return "more than one '/'";
            if (step.Length == 2
                && (!int.TryParse(step[1], NumberStyles.None, CultureInfo.InvariantCulture, out var inc) || inc < 1 || inc > max))
                return $"the increment after '/' must be a number from 1 to {max}";
            var range = step[0];
            if (range == "*") return null;
            var bounds = range.Split('-');
            if (bounds.Length > 2) return "more than one '-'";
            foreach (var b in bounds)
            {
                if (Value(b, index, min, max) == null) return $"'{b}' is not a value from {min} to {max}"
                    + (index == 4 ? " or JAN-DEC" : index == 5 ? " or SUN-SAT" : string.Empty);
            }
            return null;
        }

        private static string? Range(string v, int min, int max)
            => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? null
                : $"'{v}' is not a day from {min} to {max}";

        private static int? Value(string v, int index, int min, int max)
        {
            if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n >= min && n <= max ? n : (int?)null;
            if (index == 4 && Months.Contains(v)) return Array.IndexOf(Months, v) + 1;
            if (index == 5 && Days.Contains(v)) return Array.IndexOf(Days, v) + 1;
            return null;
        }
    }
}
