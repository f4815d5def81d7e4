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
    public string Figure(string name, string alt, string caption)
    {
        if (Html)
            return $"<figure><a href=\"figures/{Attr(name)}.svg\"><img src=\"figures/{Attr(name)}.svg\" alt=\"{Attr(alt)}\"></a>" +
                   (caption.Length > 0 ? $"<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption>" : "") + "</figure>";
        return $"![{alt.Replace("]", ")", StringComparison.Ordinal)}](figures/{name}.png)" + (caption.Length > 0 ? $"\n\n*{caption}*" : "");
    }

    /// <summary>
    /// Content a reader opens on demand: in HTML a closed <c>&lt;details&gt;</c> box (id = the slug), in Markdown a file
    /// tables/&lt;slug&gt;.md with a link to it, so report.md stays short. The slug must be unique within the report.
    /// </summary>
    public string Fold(string slug, string title, string body)
    {
        var id = Slug(slug);
        if (Html)
            return $"<details id=\"{id}\"><summary>{WebUtility.HtmlEncode(title)}</summary>\n\n{body.Trim('\n')}\n\n</details>";
        var path = $"{SideFolder}/{id}.md";
        if (!_sideFiles.TryAdd(path, ""))
            throw new InvalidOperationException($"report template: two folded sections are called '{id}'; each needs its own name.");
        // The file sits one folder down, so its figure links climb back to figures/.
        _sideFiles[path] = $"# {title}\n\n[← back to the report](../report.md)\n\n{body.Trim('\n').Replace("](figures/", "](../figures/", StringComparison.Ordinal)}\n";
        return $"[{title}]({path})";
    }

    /// <summary>A verdict as a symbol that reads without colour (✔ supported, ✘ not supported, ? inconclusive), linking to its row.</summary>
    public string Mark(string verdict, string slug, string anchor, string title)
    {
        var (symbol, css) = verdict switch
        {
            ClaimVerdicts.Supported => ("✔", "sup"),
            ClaimVerdicts.NotSupported => ("✘", "not"),
            _ => ("?", "inc"),
        };
        title = $"{verdict}: {title}".Replace('"', '\'');
        if (Html)
            return $"<a class=\"v {css}\" href=\"#{Attr(anchor)}\" title=\"{Attr(title)}\">{symbol}</a>";
        return $"[{symbol}]({SideFolder}/{Slug(slug)}.md#{anchor} \"{title}\")";
    }

    /// <summary>An element id to link to (a claim's row in a table).</summary>
    public static string Anchor(string id) => $"<a id=\"{Attr(id)}\"></a>";

    /// <summary>Opens a layout box (HTML only; Markdown has no layout).</summary>
    public string Box(string css) => Html ? $"<div class=\"{Attr(css)}\">\n" : "";

    public string EndBox() => Html ? "\n</div>" : "";

    /// <summary>Markdown only: where the table of contents goes (HTML shows it beside the page).</summary>
    public string Toc() => Html ? "" : TocMarker;

    /// <summary>The helpers as the Scriban object <c>fmt</c>.</summary>
    public ScriptObject ToScriptObject()
    {
        var o = new ScriptObject { ["html"] = Html };
        o.Import("figure", new Func<string, string, string, string>(Figure));
        o.Import("fold", new Func<string, string, string, string>(Fold));
        o.Import("mark", new Func<string, string, string, string, string>(Mark));
        o.Import("anchor", new Func<string, string>(Anchor));
        o.Import("box", new Func<string, string>(Box));
        o.Import("end_box", new Func<string>(EndBox));
        o.Import("toc", new Func<string>(Toc));
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
