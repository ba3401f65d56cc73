using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DltDr.Emulator.Api
{
    /// <summary>
    /// Method + path template routing with <c>{name}</c> segments; small on purpose so unknown routes answer as the service does.
    /// </summary>
    public sealed class Router<THandler> where THandler : class
    {
        private readonly List<(string Method, Regex Pattern, THandler Handler)> _routes = new List<(string, Regex, THandler)>();

        public void Add(string method, string template, THandler handler)
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[^/]+)") + "/?$";
            _routes.Add((method.ToUpperInvariant(), new Regex(pattern, RegexOptions.CultureInvariant), handler));
        }

        public THandler? Match(string method, string path, out IReadOnlyDictionary<string, string> values)
        {
            foreach (var route in _routes)
            {
                if (route.Method != method.ToUpperInvariant()) continue;
                var m = route.Pattern.Match(path);
                if (!m.Success) continue;
                var dict = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var name in route.Pattern.GetGroupNames())
                {
                    if (!int.TryParse(name, out _)) dict[name] = Uri.UnescapeDataString(m.Groups[name].Value);
                }
                values = dict;
                return route.Handler;
            }
            values = new Dictionary<string, string>();
            return null;
        }
    }
}
