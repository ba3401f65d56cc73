// Turns docs/*.md (platyPS markdown, schema 2.0.0) into the module's help: a MAML file for the
// cmdlets and about_*.help.txt topics. platyPS cannot run where the module is built, so the build
// does what New-ExternalHelp does, for the subset of the schema our pages use. Compiled by
// MSBuild's RoslynCodeTaskFactory (see DltDr.Help.targets); it must stay netstandard2.0 C#.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MarkdownHelp : Task
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    [Required] public string DocsDirectory { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    [Required] public string MamlFileName { get; set; } = "";

    public override bool Execute()
    {
        Directory.CreateDirectory(OutputDirectory);
        var commands = new List<XElement>();
        foreach (var file in Directory.GetFiles(DocsDirectory, "*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var text = File.ReadAllText(file).Replace("\r\n", "\n");
            try
            {
                if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                {
                    File.WriteAllText(Path.Combine(OutputDirectory, name + ".help.txt"), AboutTopic(text), new UTF8Encoding(false));
                }
                else if (name.Contains("-"))
                {
                    commands.Add(CommandHelp(name, text));
                }
            }
            catch (FormatException ex)
            {
                Log.LogError(null, "DLTDRHELP", null, file, 0, 0, 0, 0, ex.Message);
            }
        }
        if (Log.HasLoggedErrors) return false;

        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev),
                commands));
        using (var w = new StreamWriter(Path.Combine(OutputDirectory, MamlFileName), false, new UTF8Encoding(false)))
        {
            doc.Save(w);
        }
        return true;
    }

    // ---- cmdlet pages ------------------------------------------------------------------------

    private sealed class Parameter
    {
        public string Name = "";
        public string Description = "";
        public Dictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Field(string key, string fallback = "") => Fields.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
    }

    private static XElement CommandHelp(string name, string text)
    {
        var sections = Sections(StripFrontMatter(text), "## ");
        string Need(string section)
        {
            if (!sections.TryGetValue(section, out var body) || body.Trim().Length == 0) throw new FormatException($"{name}: section '## {section}' is missing or empty.");
            return body;
        }

        var parameters = Sections(Need("PARAMETERS"), "### ")
            .Where(kv => kv.Key.StartsWith("-", StringComparison.Ordinal))
            .Select(kv => ParseParameter(name, kv.Key.Substring(1), kv.Value))
            .ToList();
        var verbNoun = name.Split(new[] { '-' }, 2);

        var syntax = new XElement(Command + "syntax");
        foreach (var set in Sections(Need("SYNTAX"), "### "))
        {
            var setName = Regex.Replace(set.Key, @"\s*\(Default\)\s*$", "");
            var line = CodeBlocks(set.Value).FirstOrDefault() ?? throw new FormatException($"{name}: syntax '{set.Key}' has no code block.");
            var inSet = parameters
                .Where(p => p.Field("Parameter Sets", "(All)") == "(All)" || p.Field("Parameter Sets").Split(',').Select(s => s.Trim()).Contains(setName))
                .OrderBy(p => IndexIn(line, p.Name))
                .ToList();
            syntax.Add(new XElement(Command + "syntaxItem", new XElement(Maml + "name", name), inSet.Select(p => ParameterElement(p))));
        }

        var examples = new XElement(Command + "examples");
        foreach (var ex in Sections(Need("EXAMPLES"), "### "))
        {
            var code = CodeBlocks(ex.Value).FirstOrDefault() ?? throw new FormatException($"{name}: example '{ex.Key}' has no code block.");
            var remarks = Regex.Replace(ex.Value, "```[^\n]*\n.*?```", "", RegexOptions.Singleline);
            examples.Add(new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- {ex.Key} --------------------------"),
                new XElement(Dev + "code", code),
                new XElement(Dev + "remarks", Paragraphs(remarks))));
        }

        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", name),
                new XElement(Command + "verb", verbNoun[0]),
                new XElement(Command + "noun", verbNoun.Length > 1 ? verbNoun[1] : ""),
                new XElement(Maml + "description", Paragraphs(Need("SYNOPSIS")))),
            new XElement(Maml + "description", Paragraphs(Need("DESCRIPTION"))),
            syntax,
            new XElement(Command + "parameters", parameters.Select(p => ParameterElement(p))),
            new XElement(Command + "inputTypes", TypeEntries(sections, "INPUTS", Command + "inputType")),
            new XElement(Command + "returnValues", TypeEntries(sections, "OUTPUTS", Command + "returnValue")),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(sections.TryGetValue("NOTES", out var notes) ? notes : ""))),
            examples,
            new XElement(Command + "relatedLinks", Links(OnlineVersion(text), sections.TryGetValue("RELATED LINKS", out var links) ? links : "")));
    }

    private static Parameter ParseParameter(string command, string name, string body)
    {
        var yaml = Regex.Match(body, "```yaml\n(.*?)```", RegexOptions.Singleline);
        if (!yaml.Success) throw new FormatException($"{command}: parameter -{name} has no yaml block.");
        var p = new Parameter { Name = name, Description = body.Substring(0, yaml.Index).Trim() };
        if (p.Description.Length == 0) throw new FormatException($"{command}: parameter -{name} has no description.");
        foreach (var line in yaml.Groups[1].Value.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) p.Fields[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
        }
        return p;
    }

    private static XElement ParameterElement(Parameter p)
    {
        var type = p.Field("Type", "Object");
        var position = p.Field("Position", "Named");
        return new XElement(Command + "parameter",
            new XAttribute("required", p.Field("Required", "False").ToLowerInvariant()),
            new XAttribute("variableLength", type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Field("Accept wildcard characters", "False").ToLowerInvariant()),
            new XAttribute("pipelineInput", p.Field("Accept pipeline input", "False")),
            new XAttribute("position", position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : position),
            new XAttribute("aliases", p.Field("Aliases", "none")),
            new XElement(Maml + "name", p.Name),
            new XElement(Maml + "description", Paragraphs(p.Description)),
            type == "SwitchParameter" ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), type),
            new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", p.Field("Default value", "None")));
    }

    private static IEnumerable<XElement> TypeEntries(Dictionary<string, string> sections, string section, XName element)
    {
        if (!sections.TryGetValue(section, out var body)) yield break;
        foreach (var t in Sections(body, "### "))
        {
            yield return new XElement(element,
                new XElement(Dev + "type", new XElement(Maml + "name", t.Key), new XElement(Maml + "uri")),
                new XElement(Maml + "description", Paragraphs(t.Value)));
        }
    }

    /// <summary>The front matter's "online version:" URL, which Get-Help -Online opens.</summary>
    private static string? OnlineVersion(string text)
    {
        var m = Regex.Match(text, @"^online version:\s*(\S+)\s*$", RegexOptions.Multiline);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>
    /// Related links, the online version first as platyPS writes it. A link to another page of docs/
    /// becomes the URL of that page beside the online version, so every link opens in a browser.
    /// </summary>
    private static IEnumerable<XElement> Links(string? online, string body)
    {
        if (online != null) yield return Link("Online Version:", online);
        var baseUri = online != null ? online.Substring(0, online.LastIndexOf('/') + 1) : null;
        foreach (Match m in Regex.Matches(body, @"\[([^\]]+)\]\(([^)]*)\)"))
        {
            var target = m.Groups[2].Value;
            if (baseUri != null && !Regex.IsMatch(target, "^[a-z]+://", RegexOptions.IgnoreCase)) target = baseUri + target;
            yield return Link(m.Groups[1].Value, target);
        }
    }

    private static XElement Link(string text, string uri) =>
        new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    // ---- about topics ------------------------------------------------------------------------

    /// <summary>Get-Help shows about topics as they are; a console is 80 columns wide.</summary>
    private const int AboutWidth = 80;

    /// <summary>
    /// The about_ text format Get-Help shows: headings in capitals at the margin, text indented four
    /// spaces and wrapped at 80 columns (Get-Help would break words), list items with a hanging
    /// indent; code blocks and tables as written.
    /// </summary>
    private static string AboutTopic(string text)
    {
        var sb = new StringBuilder();
        var inCode = false;
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count == 0) return;
            var joined = string.Join(" ", paragraph.Select(l => l.Trim())).Replace("`", "");
            var item = Regex.Match(joined, @"^(- |\d+\. )");
            var first = "    ";
            var rest = item.Success ? new string(' ', 4 + item.Length) : "    ";
            Wrap(sb, joined, first, rest);
            paragraph.Clear();
        }
        foreach (var raw in StripFrontMatter(text).Split('\n'))
        {
            if (raw.StartsWith("```", StringComparison.Ordinal)) { Flush(); inCode = !inCode; continue; }
            if (inCode) { sb.Append("        ").Append(raw).Append('\n'); continue; }
            var heading = Regex.Match(raw, "^(#{1,3}) (.*)$");
            if (heading.Success)
            {
                Flush();
                var title = heading.Groups[2].Value.Trim();
                if (heading.Groups[1].Value.Length == 1) sb.Append("TOPIC\n    ").Append(title.ToLowerInvariant()).Append('\n');
                else if (heading.Groups[1].Value.Length == 2) sb.Append(title.ToUpperInvariant()).Append('\n');
                else sb.Append("  ").Append(title).Append('\n');
                continue;
            }
            if (raw.Trim().Length == 0) { Flush(); sb.Append('\n'); continue; }
            if (raw.StartsWith("|", StringComparison.Ordinal)) { Flush(); sb.Append("    ").Append(raw.Replace("`", "")).Append('\n'); continue; }
            // A new list item starts a new paragraph; an indented line continues the item above.
            if (Regex.IsMatch(raw, @"^(- |\d+\. )")) Flush();
            paragraph.Add(raw);
        }
        Flush();
        return Regex.Replace(sb.ToString(), "\n{3,}", "\n\n");
    }

    private static void Wrap(StringBuilder sb, string text, string first, string rest)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > AboutWidth)
            {
                sb.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(rest);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }

    // ---- markdown helpers --------------------------------------------------------------------

    private static string StripFrontMatter(string text)
    {
        var m = Regex.Match(text, @"\A---\n.*?\n---\n", RegexOptions.Singleline);
        return m.Success ? text.Substring(m.Length) : text;
    }

    /// <summary>Splits text at headings with the given prefix ("## "), outside code blocks; keys keep their order.</summary>
    private static Dictionary<string, string> Sections(string text, string prefix)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        var body = new StringBuilder();
        var inCode = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (!inCode && line.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (current != null) result[current] = body.ToString();
                current = line.Substring(prefix.Length).Trim();
                body.Clear();
                continue;
            }
            if (current != null) body.Append(line).Append('\n');
        }
        if (current != null) result[current] = body.ToString();
        return result;
    }

    private static IEnumerable<string> CodeBlocks(string text) =>
        Regex.Matches(text, "```[^\n]*\n(.*?)```", RegexOptions.Singleline).Cast<Match>().Select(m => m.Groups[1].Value.TrimEnd('\n'));

    /// <summary>
    /// Paragraphs (separated by blank lines) as maml:para, with markdown emphasis and code marks
    /// removed. A list keeps one para per item with its number or dash, so numbered steps read as
    /// steps in Get-Help.
    /// </summary>
    private static IEnumerable<XElement> Paragraphs(string text) =>
        Regex.Split(text.Trim(), @"\n\s*\n")
            .Select(p => Regex.Replace(p, @"(\*\*|`)", ""))
            .Select(p => Regex.Replace(p, @"\[([^\]]+)\]\([^)]*\)", "$1"))
            .SelectMany(ListItems)
            .Select(p => Regex.Replace(p, @"\s*\n\s*", " "))
            .Where(p => p.Trim().Length > 0)
            .Select(p => new XElement(Maml + "para", p.Trim()));

    /// <summary>A paragraph split before each line that starts a list item ("1. ", "- "); other paragraphs whole.</summary>
    private static IEnumerable<string> ListItems(string paragraph) =>
        Regex.Split(paragraph, @"\n(?=\s*(?:\d+\.|-)\s)");

    private static int IndexIn(string syntaxLine, string parameter)
    {
        var m = Regex.Match(syntaxLine, @"-" + Regex.Escape(parameter) + @"\b");
        return m.Success ? m.Index : int.MaxValue;
    }
}
