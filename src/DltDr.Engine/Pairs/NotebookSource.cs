using System;
using System.IO;
using System.Text;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Whether a local file is a notebook's source: a language's extension and, as its first line,
    /// the header the service writes when it exports a notebook (and reads when it imports with AUTO).
    /// </summary>
    internal static class NotebookSource
    {
        /// <summary>The header line of a notebook exported as source, by language.</summary>
        internal static string Header(string language) => language.ToUpperInvariant() switch
        {
            "SQL" => "-- Databricks notebook source",
            "SCALA" => "// Databricks notebook source",
            _ => "# Databricks notebook source",
        };

        /// <summary>The notebook's language, or null when the file is not a notebook's source.</summary>
        internal static string? LanguageOf(string localPath)
        {
            if (!PairDefinitionReader.Languages.TryGetValue(Path.GetExtension(localPath), out var language)) return null;
            var header = Header(language);
            var buffer = new byte[header.Length + 8];
            int read;
            using (var stream = File.OpenRead(localPath)) read = stream.Read(buffer, 0, buffer.Length);
            var text = Encoding.UTF8.GetString(buffer, 0, read).TrimStart('\uFEFF');
            return text.StartsWith(header, StringComparison.Ordinal) ? language : null;
        }
    }
}
