using System;
using TimeZoneConverter;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Time zone names as people write them: IANA (Europe/Amsterdam) or Windows (W. Europe Standard
    /// Time), on every runtime. .NET Framework knows only Windows ids and .NET on Linux without ICU
    /// only IANA ones, so the lookup goes through TimeZoneConverter's own table, not the system's.
    /// </summary>
    public static class TimeZones
    {
        /// <summary>The IANA id Databricks is given and the zone, or null for a name no table knows.</summary>
        public static (string IanaId, TimeZoneInfo Zone)? Find(string name)
        {
            if (string.IsNullOrWhiteSpace(name)) return null;
            name = name.Trim();
            if (string.Equals(name, "UTC", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "Etc/UTC", StringComparison.OrdinalIgnoreCase))
                return ("UTC", TimeZoneInfo.Utc);
            string? iana = null;
            foreach (var known in TZConvert.KnownIanaTimeZoneNames)
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    iana = known;
                    break;
                }
            }
            if (iana == null && TZConvert.TryWindowsToIana(name, out var fromWindows)) iana = fromWindows;
            if (iana == null) return null;
            return TZConvert.TryGetTimeZoneInfo(iana, out var zone) ? (iana, zone) : ((string, TimeZoneInfo)?)null;
        }
    }
}
