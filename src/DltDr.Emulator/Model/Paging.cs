using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Model
{
    /// <summary>Opaque page tokens over an ordered list, as the list calls hand them out.</summary>
    internal static class Paging
    {
        public static (List<T> Page, string? Next) Page<T>(List<T> all, string? token, int max)
        {
            var (page, next, _) = PageBothWays(all, token, max);
            return (page, next);
        }

        public static (List<T> Page, string? Next, string? Prev) PageBothWays<T>(List<T> all, string? token, int max)
        {
            var offset = DecodeToken(token);
            var page = all.Skip(offset).Take(max).ToList();
            var next = offset + max < all.Count ? EncodeToken(offset + max) : null;
            var prev = offset > 0 ? EncodeToken(Math.Max(0, offset - max)) : null;
            return (page, next, prev);
        }

        /// <summary>The Jobs style: an <c>offset</c> or a token, and <c>has_more</c> always present.</summary>
        public static (List<T> Page, JObject Answer) WithHasMore<T>(List<T> all, int? offset, string? token, int max)
        {
            var start = offset ?? DecodeToken(token);
            var page = all.Skip(start).Take(max).ToList();
            var hasMore = start + max < all.Count;
            var o = new JObject { ["has_more"] = hasMore };
            if (hasMore) o["next_page_token"] = EncodeToken(start + max);
            if (start > 0) o["prev_page_token"] = EncodeToken(Math.Max(0, start - max));
            return (page, o);
        }

        /// <summary>An events page token: where the next page starts, and the filter and order it continues.</summary>
        public static string EncodeEventToken(int offset, string? filter, bool ascending)
            => Convert.ToBase64String(Encoding.UTF8.GetBytes(new JObject { ["offset"] = offset, ["filter"] = filter,
                ["ascending"] = ascending }.ToString(Newtonsoft.Json.Formatting.None)));

        public static (int Offset, string? Filter, bool Ascending) DecodeEventToken(string token)
        {
            try
            {
                var o = JObject.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
                return ((int?)o["offset"] ?? 0, (string?)o["filter"], (bool?)o["ascending"] ?? false);
            }
            catch (Exception ex) when (ex is FormatException || ex is Newtonsoft.Json.JsonException || ex is ArgumentException
                || ex is InvalidCastException)
            {
                throw ApiException.InvalidParameter($"Invalid page_token '{token}'.");
            }
        }

        public static string EncodeToken(int offset)
            => Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

        public static int DecodeToken(string? token)
        {
            if (string.IsNullOrEmpty(token)) return 0;
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (text.StartsWith("offset:", StringComparison.Ordinal)
                    && int.TryParse(text.Substring(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
            }
            catch (FormatException)
            {
            }
            throw ApiException.InvalidParameter($"Invalid page_token '{token}'.");
        }
    }
}
