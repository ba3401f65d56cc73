using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Evaluates a Quartz cron expression to the minute: whether a local time matches, and when it
    /// last fired before a moment. Enough to tell whether a standby's catch-up is overdue.
    /// </summary>
    public sealed class CronMatcher
    {
        private readonly Func<int, bool> _minute;
        private readonly Func<int, bool> _hour;
        private readonly Func<DateTime, bool> _dayOfMonth;
        private readonly Func<int, bool> _month;
        private readonly Func<DateTime, bool> _dayOfWeek;
        private readonly Func<int, bool> _year;

        private CronMatcher(string[] f)
        {
            _minute = Set(f[1], 1);
            _hour = Set(f[2], 2);
            _month = Set(f[4], 4);
            _year = f.Length > 6 ? Set(f[6], 6) : _ => true;
            _dayOfMonth = DayOfMonth(f[3]);
            _dayOfWeek = DayOfWeek(f[5]);
        }

        /// <summary>A matcher for a valid expression (see <see cref="QuartzCron.Validate"/>).</summary>
        public static CronMatcher Parse(string expression)
        {
            var error = QuartzCron.Validate(expression);
            if (error != null) throw new FormatException($"'{expression}' is not a valid Quartz cron expression: {error}.");
            return new CronMatcher(QuartzCron.SplitFields(expression.ToUpperInvariant()));
        }

        public bool Matches(DateTime local)
            => _year(local.Year) && _month(local.Month) && _dayOfMonth(local.Date) && _dayOfWeek(local.Date) && _hour(local.Hour)
                && _minute(local.Minute);

        /// <summary>
        /// The last minute before <paramref name="before"/> at which the schedule fired in <paramref name="zone"/>, looking back at most
        /// <paramref name="lookBack"/>.
        /// </summary>
        public DateTimeOffset? PreviousFiring(DateTimeOffset before, TimeZoneInfo zone, TimeSpan lookBack)
        {
            var utc = new DateTime(before.UtcDateTime.Ticks - before.UtcDateTime.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
            if (utc >= before.UtcDateTime) utc = utc.AddMinutes(-1);
            var limit = before.UtcDateTime - lookBack;
            while (utc >= limit)
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
                if (!(_year(local.Year) && _month(local.Month) && _dayOfMonth(local.Date) && _dayOfWeek(local.Date) && _hour(local.Hour)))
                {
                    // Skip to the previous hour boundary: nothing in this local hour can match.
                    utc = utc.AddMinutes(-(local.Minute + 1));
                    continue;
                }
                if (_minute(local.Minute)) return new DateTimeOffset(utc);
                utc = utc.AddMinutes(-1);
            }
            return null;
        }

        /// <summary>The values a list/range/step field allows; <paramref name="index"/> is the field's position (0 = seconds).</summary>
        private static Func<int, bool> Set(string field, int index)
        {
            var (min, max) = QuartzCron.Bounds(index);
            if (field == "*" || field == "?") return _ => true;
            var set = new HashSet<int>();
            foreach (var item in field.Split(','))
            {
                var parts = item.Split('/');
                var step = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
                int from, to;
                if (parts[0] == "*")
                {
                    from = min;
                    to = max;
                }
                else
                {
                    var bounds = parts[0].Split('-');
                    from = Value(bounds[0], index);
                    to = bounds.Length == 2 ? Value(bounds[1], index) : (parts.Length == 2 ? max : from);
                }
                for (var v = from; v <= to; v += step) set.Add(v);
            }
            return set.Contains;
        }

        // Parse only runs on validated expressions, so every value is known.
        private static int Value(string v, int index) => QuartzCron.Value(v, index)!.Value;

        private static Func<DateTime, bool> DayOfMonth(string field)
        {
            if (field == "?" || field == "*") return _ => true;
            var rules = field.Split(',').Select<string, Func<DateTime, bool>>(item =>
            {
                if (item == "L") return d => d.Day == DateTime.DaysInMonth(d.Year, d.Month);
                if (item == "LW") return d => d == LastWeekday(d);
                var lMinus = Regex.Match(item, @"^L-(\d+)$");
                if (lMinus.Success) return d
                    => d.Day == DateTime.DaysInMonth(d.Year, d.Month) - int.Parse(lMinus.Groups[1].Value, CultureInfo.InvariantCulture);
                var w = Regex.Match(item, @"^(\d+)W$");
                if (w.Success) return d => d == NearestWeekday(d.Year, d.Month, int.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture));
                var set = Set(item, 3);
                return d => set(d.Day);
            }).ToList();
            return d => rules.Any(r => r(d));
        }

        private static Func<DateTime, bool> DayOfWeek(string field)
        {
            if (field == "?" || field == "*") return _ => true;
            var rules = field.Split(',').Select<string, Func<DateTime, bool>>(item =>
            {
                var hash = Regex.Match(item, @"^([A-Z]{3}|\d)#(\d)$");
                if (hash.Success)
                {
                    var day = Value(hash.Groups[1].Value, 5);
                    var nth = int.Parse(hash.Groups[2].Value, CultureInfo.InvariantCulture);
                    return d => (int)d.DayOfWeek + 1 == day && (d.Day - 1) / 7 + 1 == nth;
                }
                var last = Regex.Match(item, @"^([A-Z]{3}|\d)?L$");
                if (last.Success)
                {
                    if (!last.Groups[1].Success) return d => d.DayOfWeek == System.DayOfWeek.Saturday;
                    var day = Value(last.Groups[1].Value, 5);
                    return d => (int)d.DayOfWeek + 1 == day && d.Day + 7 > DateTime.DaysInMonth(d.Year, d.Month);
                }
                var set = Set(item, 5);
                return d => set((int)d.DayOfWeek + 1);
            }).ToList();
            return d => rules.Any(r => r(d));
        }

        private static DateTime LastWeekday(DateTime d)
        {
            var last = new DateTime(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));
            while (last.DayOfWeek == System.DayOfWeek.Saturday || last.DayOfWeek == System.DayOfWeek.Sunday) last = last.AddDays(-1);
            return last;
        }

        private static DateTime NearestWeekday(int year, int month, int day)
        {
            var days = DateTime.DaysInMonth(year, month);
            var target = new DateTime(year, month, Math.Min(day, days));
            if (target.DayOfWeek == System.DayOfWeek.Saturday) return target.Day > 1 ? target.AddDays(-1) : target.AddDays(2);
            if (target.DayOfWeek == System.DayOfWeek.Sunday) return target.Day < days ? target.AddDays(1) : target.AddDays(-2);
            return target;
        }
    }
}
