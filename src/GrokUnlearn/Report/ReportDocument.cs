using System.Text;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Scriban.Runtime;

namespace GrokUnlearn.Report;

/// <summary>
/// The report in both formats from ONE source. paper/report.content.sbn (Markdown + Scriban) is rendered twice, with the
/// <see cref="ReportFormat"/> helpers of each format; the HTML pass goes through Markdig. Two thin shells add what only
/// their format has: report.html.sbn the page (style, contents beside the text), report.md.sbn the Markdown page.
/// </summary>
public static partial class ReportDocument
{
    /// <summary>The rendered report: index.html, report.md and the Markdown report's folded tables (path → text).</summary>
    public sealed record Output(string Html, string Markdown, IReadOnlyDictionary<string, string> SideFiles);

    /// <summary>A heading of the table of contents (level 2 or 3) and its id, GitHub's way.</summary>
    public sealed record Heading(int Level, string Text, string Id);

    // GitHub's heading ids, so report.md's contents links work on a repository page too.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub).Build();

    public static Output Render(ReportTemplates templates, ReportModel model)
    {
        var content = templates.PathOf(ReportTemplates.ContentTemplate);

        var md = ReportFormat.ForMarkdown();
        var markdownBody = ReportRenderer.Render(content, model, md, ("fmt", md.ToScriptObject()));
        var mdHeadings = Headings(Markdown.Parse(markdownBody, Pipeline));
        var markdown = ReportRenderer.Render(templates.PathOf(ReportTemplates.MarkdownTemplate), model, null,
            ("body", BlankLines().Replace(markdownBody.Replace(ReportFormat.TocMarker, MarkdownToc(mdHeadings), StringComparison.Ordinal), "\n\n")));

        var html = ReportFormat.ForHtml();
        var htmlSource = ReportRenderer.Render(content, model, html, ("fmt", html.ToScriptObject()));
        var document = Markdown.Parse(htmlSource, Pipeline);
        var body = WrapTables(document.ToHtml(Pipeline));
        var page = ReportRenderer.Render(templates.PathOf(ReportTemplates.HtmlTemplate), model, null,
            ("body", body), ("toc", Headings(document).Select(h => new ScriptObject { ["level"] = h.Level, ["text"] = h.Text, ["id"] = h.Id }).ToList()));
        return new Output(page, markdown, md.SideFiles);
    }

    /// <summary>Headings of level 2 and 3 in document order, with the ids the auto-identifier extension gave them.</summary>
    public static IReadOnlyList<Heading> Headings(MarkdownDocument document) => document.Descendants<HeadingBlock>()
        .Where(h => h.Level is 2 or 3)
        .Select(h => new Heading(h.Level, InlineText(h), h.GetAttributes().Id ?? ""))
        .ToList();

    private static string MarkdownToc(IReadOnlyList<Heading> headings)
    {
        var sb = new StringBuilder("**Contents:** ");
        sb.AppendJoin(" · ", headings.Where(h => h.Level == 2).Select(h => $"[{h.Text}](#{h.Id})"));
        return sb.ToString();
    }

    /// <summary>Every table in a box that scrolls sideways, so a wide table keeps its columns instead of wrapping words.</summary>
    private static string WrapTables(string html) => html
        .Replace("<table>", "<div class=\"table-box\"><table>", StringComparison.Ordinal)
        .Replace("</table>", "</table></div>", StringComparison.Ordinal);

    // The layout boxes are empty in Markdown; their lines would leave runs of blank lines.
    [System.Text.RegularExpressions.GeneratedRegex("\n{3,}")]
    private static partial System.Text.RegularExpressions.Regex BlankLines();

    private static string InlineText(LeafBlock block) => Flatten(block.Inline).Trim();

    private static string Flatten(Markdig.Syntax.Inlines.ContainerInline? container)
    {
        if (container is null) return "";
        var sb = new StringBuilder();
        foreach (var inline in container)
            sb.Append(inline switch
            {
                Markdig.Syntax.Inlines.LiteralInline l => l.Content.ToString(),
                Markdig.Syntax.Inlines.CodeInline c => c.Content,
                Markdig.Syntax.Inlines.ContainerInline c => Flatten(c),
                _ => "",
            });
        return sb.ToString();
    }
}
