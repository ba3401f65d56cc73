using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DltDr.Engine
{
    /// <summary>
    /// Takes secrets out of text before it goes anywhere a person or a log can read it: known
    /// secret values, and anything shaped like a Databricks PAT, a JWT or a bearer credential.
    /// </summary>
    public static class Redactor
    {
        public const string Mask = "***";

        private static readonly Regex Shapes = new Regex(
            @"(?<![A-Za-z0-9])dapi[0-9a-f]{20,}(-\d+)?" +          // Databricks personal access tokens
            @"|(?<![A-Za-z0-9])dose[0-9a-f]{20,}" +                  // Databricks OAuth secrets
            @"|eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(\.[A-Za-z0-9_-]*)?" + // JWTs (Entra ID, OAuth)
            @"|(?i:(bearer|basic)\s+)[A-Za-z0-9._~+/=-]{8,}",        // Authorization header values
            RegexOptions.CultureInvariant);

        public static string Redact(string? text, IEnumerable<string>? secrets = null)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            var result = text!;
            if (secrets != null)
            {
                foreach (var s in secrets)
                {
                    if (!string.IsNullOrEmpty(s) && s.Length >= 4) result = result.Replace(s, Mask);
                }
            }
            return Shapes.Replace(result,
                m => m.Value.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase)
                    || m.Value.StartsWith("Basic", StringComparison.OrdinalIgnoreCase)
                ? m.Value.Substring(0, m.Value.IndexOf(' ') + 1) + Mask
                : Mask);
        }
    }
}
