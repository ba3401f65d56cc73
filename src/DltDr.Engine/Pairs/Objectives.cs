using System;
using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// What a pair promises its owners, as an auditor asks for it: a recovery time objective (how long
    /// a failover may take until the other region runs) and a standby lag objective (how far behind
    /// the standby may be: the recovery point). Set in the pair's definition or its group's file
    /// (the pair's own win, one by one); either may be absent.
    /// </summary>
    public sealed class Objectives
    {
        public static readonly Objectives None = new Objectives(null, null, null, null);

        internal static readonly string[] Fields = { "recoveryTime", "standbyLag" };

        private static readonly Regex DurationPattern = new Regex(@"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$", RegexOptions.CultureInvariant);

        public Objectives(TimeSpan? recoveryTime, TimeSpan? standbyLag, string? recoveryTimeFrom, string? standbyLagFrom)
        {
            RecoveryTime = recoveryTime;
            StandbyLag = standbyLag;
            RecoveryTimeFrom = recoveryTime == null ? null : recoveryTimeFrom;
            StandbyLagFrom = standbyLag == null ? null : standbyLagFrom;
        }

        /// <summary>The recovery time objective: a failover's start until the other region runs.</summary>
        public TimeSpan? RecoveryTime { get; }

        /// <summary>The standby lag (recovery point) objective: how far the standby's data may be behind the active region's.</summary>
        public TimeSpan? StandbyLag { get; }

        /// <summary>Where the recovery time objective was set: "the pair" or "group NAME".</summary>
        public string? RecoveryTimeFrom { get; }

        /// <summary>Where the standby lag objective was set: "the pair" or "group NAME".</summary>
        public string? StandbyLagFrom { get; }

        public bool Any => RecoveryTime != null || StandbyLag != null;

        /// <summary>These objectives, each one not set here taken from <paramref name="group"/>.</summary>
        public Objectives Over(Objectives group) => new Objectives(
            RecoveryTime ?? group.RecoveryTime, StandbyLag ?? group.StandbyLag,
            RecoveryTime != null ? RecoveryTimeFrom : group.RecoveryTimeFrom,
            StandbyLag != null ? StandbyLagFrom : group.StandbyLagFrom);

        /// <summary>
        /// Reads an "objectives" object: each field a duration such as "15m", "4h", "1d" or "1h30m",
        /// over zero and at most 30 days. Every problem goes to <paramref name="problem"/> with its field.
        /// </summary>
        internal static Objectives Read(JToken? token, string at, string from, Action<string, string> problem)
        {
            if (token == null || token.Type == JTokenType.Null) return None;
            if (!(token is JObject o))
            {
                problem(at, "must be an object: { \"recoveryTime\": \"15m\", \"standbyLag\": \"26h\" }.");
                return None;
            }
            foreach (var prop in o.Properties())
            {
                if (Array.IndexOf(Fields, prop.Name) < 0)
                    problem($"{at}.{prop.Name}", $"Unknown field: an objective is one of {string.Join(", ", Fields)}.");
            }
            return new Objectives(Duration(o["recoveryTime"], $"{at}.recoveryTime", problem),
                Duration(o["standbyLag"], $"{at}.standbyLag", problem), from, from);
        }

        private static TimeSpan? Duration(JToken? token, string field, Action<string, string> problem)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            var text = token.Type == JTokenType.String ? ((string)token!).Trim() : token.ToString();
            var m = DurationPattern.Match(text);
            if (token.Type != JTokenType.String || text.Length == 0 || !m.Success)
            {
                problem(field, $"'{text}' is not a duration: use days, hours and minutes, such as \"15m\", \"4h\", \"1d\" or \"1h30m\".");
                return null;
            }
            int Part(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
            var value = new TimeSpan(Part(1), Part(2), Part(3), 0);
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(30))
            {
                problem(field, $"'{text}' is out of range: an objective is more than zero and at most 30 days.");
                return null;
            }
            return value;
        }

        /// <summary>A duration as an objective is written: "1d 2h", "15m", "45s".</summary>
        public static string Describe(TimeSpan t)
        {
            if (t < TimeSpan.Zero) t = t.Negate();
            if (t < TimeSpan.FromSeconds(10)) return t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
            if (t < TimeSpan.FromMinutes(1)) return t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + "s";
            var parts = new System.Collections.Generic.List<string>();
            if (t.Days > 0) parts.Add($"{t.Days}d");
            if (t.Hours > 0) parts.Add($"{t.Hours}h");
            if (t.Minutes > 0 && t.Days == 0) parts.Add($"{t.Minutes}m");
            if (t.Seconds > 0 && t.Hours == 0 && t.Days == 0) parts.Add($"{t.Seconds}s");
            if (parts.Count == 0) parts.Add($"{(int)t.TotalMinutes}m");
            return string.Join(" ", parts);
        }
    }
}
