using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Scriban.Runtime;

namespace GrokUnlearn.Report;

/// <summary>
/// The few things the report's single source (paper/report.content.sbn, Markdown with Scriban) writes differently per
/// output: figures (SVG for HTML, PNG for Markdown), folded details (a <c>&lt;details&gt;</c> box in HTML, a linked
/// file under tables/ in Markdown), verdict marks (coloured links in HTML, plain links in Markdown) and layout boxes
/// (HTML only). Everything else — prose, tables, order — is written once and reaches both formats unchanged.
/// </summary>
public sealed partial class ReportFormat
{
    /// <summary>Text a helper built as markup: written as is, where every other value the template writes is escaped.</summary>
    public sealed record Markup(string Text)
    {
        public override string ToString() => Text;
    }

    /// <summary>The folder, beside report.md, that holds the Markdown report's folded tables.</summary>
    public const string SideFolder = "tables";

    /// <summary>Where the Markdown report's table of contents goes (replaced once the headings are known).</summary>
    public const string TocMarker = "<!-- table of contents -->";

    private readonly Dictionary<string, string> _sideFiles = new(StringComparer.Ordinal);

    private ReportFormat(bool html) => Html = html;

    public static ReportFormat ForHtml() => new(true);

    public static ReportFormat ForMarkdown() => new(false);

    public bool Html { get; }

    /// <summary>Markdown only: folded sections written to their own files, by path relative to report.md.</summary>
    public IReadOnlyDictionary<string, string> SideFiles => _sideFiles;

    /// <summary>A figure from figures/ (written by <see cref="FigureFile"/> in both formats), with an optional caption.</summary>
    public Markup Figure(string name, string alt, string caption) => new(FigureText(name, alt, caption));

    private string FigureText(string name, string alt, string caption)
    {
        if (Html)
            return $"<figure><a href=\"figures/{Attr(name)}.svg\"><img src=\"figures/{Attr(name)}.svg\" alt=\"{Attr(alt)}\"></a>" +
                   (caption.Length > 0 ? $"<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption>" : "") + "</figure>";
        return $"![{LinkText(alt)}](figures/{name}.png)" + (caption.Length > 0 ? $"\n\n*{Text(caption).Replace("*", "\\*", StringComparison.Ordinal)}*" : "");
    }

    /// <summary>
    /// Content a reader opens on demand: in HTML a closed <c>&lt;details&gt;</c> box (id = the slug), in Markdown a file
    /// tables/&lt;slug&gt;.md with a link to it, so report.md stays short. The slug must be unique within the report.
    /// </summary>
    public Markup Fold(string slug, string title, string body) => new(FoldText(slug, title, body));

    private string FoldText(string slug, string title, string body)
    {
        var id = Slug(slug);
        if (Html)
            return $"<details id=\"{id}\"><summary>{WebUtility.HtmlEncode(Flat(title))}</summary>\n\n{body.Trim('\n')}\n\n</details>";
        var path = $"{SideFolder}/{id}.md";
        if (!_sideFiles.TryAdd(path, ""))
            throw new InvalidOperationException($"report template: two folded sections are called '{id}'; each needs its own name.");
        // The file sits one folder down, so its figure links climb back to figures/.
        _sideFiles[path] = $"# {Text(title)}\n\n[← back to the report](../report.md)\n\n{body.Trim('\n').Replace("](figures/", "](../figures/", StringComparison.Ordinal)}\n";
        return $"[{LinkText(title)}]({path})";
    }

    /// <summary>A verdict as a symbol that reads without colour (✔ supported, ✘ not supported, ? inconclusive), linking to its row.</summary>
    public Markup Mark(string verdict, string slug, string anchor, string title) => new(MarkText(verdict, slug, anchor, title));

    /// <summary>A verdict in a table: its symbol and word (coloured in HTML, plain in Markdown).</summary>
    public Markup Verdict(string verdict)
    {
        var (symbol, css) = Symbol(verdict);
        return new(Html ? $"<span class=\"v {css}\">{symbol}</span> <strong>{WebUtility.HtmlEncode(verdict)}</strong>" : $"{symbol} **{verdict}**");
    }

    /// <summary>An inline code span that stays one table cell in both formats, whatever the value holds.</summary>
    public Markup Code(string value)
    {
        var flat = Flat(value);
        if (Html) return new($"<code>{WebUtility.HtmlEncode(flat).Replace("|", "&#124;", StringComparison.Ordinal)}</code>");
        var fence = new string('`', LongestRun(flat, '`') + 1);
        var padded = flat.StartsWith('`') || flat.EndsWith('`') ? $" {flat} " : flat;
        return new(fence + padded.Replace("|", "\\|", StringComparison.Ordinal) + fence);
    }

    /// <summary>A fenced code block (the profile's YAML), with a fence longer than any backtick run in it.</summary>
    public Markup CodeBlock(string language, string text)
    {
        var fence = new string('`', Math.Max(3, LongestRun(text, '`') + 1));
        return new($"{fence}{language}\n{text.TrimEnd('\n')}\n{fence}");
    }

    private static (string Symbol, string Css) Symbol(string verdict) => verdict switch
    {
        ClaimVerdicts.Supported => ("✔", "sup"),
        ClaimVerdicts.NotSupported => ("✘", "not"),
        _ => ("?", "inc"),
    };

    private string MarkText(string verdict, string slug, string anchor, string title)
    {
        var (symbol, css) = Symbol(verdict);
        title = Flat($"{verdict}: {title}").Replace('"', '\'');
        if (Html)
            return $"<a class=\"v {css}\" href=\"#{Attr(anchor)}\" title=\"{Attr(title)}\">{symbol}</a>";
        return $"[{symbol}]({SideFolder}/{Slug(slug)}.md#{anchor} \"{title}\")";
    }

    /// <summary>An element id to link to (a claim's row in a table).</summary>
    public static Markup Anchor(string id) => new($"<a id=\"{Attr(id)}\"></a>");

    /// <summary>Opens a layout box (HTML only; Markdown has no layout).</summary>
    public Markup Box(string css) => new(Html ? $"<div class=\"{Attr(css)}\">\n" : "");

    public Markup EndBox() => new(Html ? "\n</div>" : "");

    /// <summary>Markdown only: where the table of contents goes (HTML shows it beside the page).</summary>
    public Markup Toc() => new(Html ? "" : TocMarker);

    /// <summary>
    /// Any value the template writes that is not <see cref="Markup"/>: plain text from the results and the profile.
    /// It stays on one line and in one table cell (a newline becomes a space, '|' is escaped), and '&lt;' or '&amp;'
    /// in it never becomes markup (an HTML entity in the HTML pass, a backslash escape in Markdown).
    /// </summary>
    public string Text(string value)
    {
        var flat = Flat(value).Replace("|", "\\|", StringComparison.Ordinal);
        return Html
            ? flat.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            : flat.Replace("<", "\\<", StringComparison.Ordinal);
    }

    private string LinkText(string value) => Text(value).Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static string Flat(string value) => value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');

    private static int LongestRun(string s, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in s)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    /// <summary>The helpers as the Scriban object <c>fmt</c>.</summary>
    public ScriptObject ToScriptObject()
    {
        var o = new ScriptObject { ["html"] = Html };
        o.Import("figure", new Func<string, string, string, Markup>(Figure));
        o.Import("fold", new Func<string, string, string, Markup>(Fold));
        o.Import("mark", new Func<string, string, string, string, Markup>(Mark));
        o.Import("verdict", new Func<string, Markup>(Verdict));
        o.Import("code", new Func<string, Markup>(Code));
        o.Import("code_block", new Func<string, string, Markup>(CodeBlock));
        o.Import("anchor", new Func<string, Markup>(Anchor));
        o.Import("box", new Func<string, Markup>(Box));
        o.Import("end_box", new Func<Markup>(EndBox));
        o.Import("toc", new Func<Markup>(Toc));
        return o;
    }

    /// <summary>A file and id name: lower case letters, digits, '-', '_' and '.', the rest as '-'.</summary>
    public static string Slug(string s)
    {
        var slug = SlugPattern().Replace(s.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 0 ? slug : throw new InvalidOperationException($"report template: '{s}' gives an empty name.");
    }

    private static string Attr(string s) => WebUtility.HtmlEncode(s);

    [GeneratedRegex("[^a-z0-9_.-]+")]
    private static partial Regex SlugPattern();
}
