using System.Net;
using System.Text.RegularExpressions;

namespace DltDr.Engine.Reports
{
    /// <summary>Text into HTML: every value the report shows goes through here.</summary>
    internal static class Html
    {
        public static string Text(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

        /// <summary>A pair name as an id and anchor: letters, digits, '-' and '_' only.</summary>
        public static string Id(string value) => Regex.Replace(value.ToLowerInvariant(), "[^a-z0-9_-]", "-");
    }
}
