using System.Text.RegularExpressions;
using GrokUnlearn.Report;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>
/// The report's one source (paper/report.content.sbn) rendered to both formats: an edit reaches both, long tables fold
/// (a details box in HTML, a linked file in Markdown), the verdict matrix links every mark to its statistics, and the
/// contents use GitHub's heading ids.
/// </summary>
public sealed partial class ReportDocumentTests
{
    private static ClaimRow Claim(string claim, string dataset, string scenario, string method, string metric, string verdict) =>
        new(claim, dataset, scenario, method, metric, "θ_grok − θ_pre < 0", 3, "1", "2", "+1 ± 0.5", "[0.5, 1.5]", "1.2", "0.03", "0.25", verdict, "");

    private static readonly IReadOnlyList<ClaimRow> Claims =
    [
        Claim("1 efficiency", "fmnist1k", "partial15", "GA", "updates to reach the forget target", ClaimVerdicts.Supported),
        Claim("1 efficiency", "fmnist1k", "partial15", "FT", "updates to reach the forget target", ClaimVerdicts.NotSupported),
        Claim("2a collateral damage: accuracy lost", "fmnist1k", "partial15", "GA", "retain accuracy lost (RA before − after)", ClaimVerdicts.Inconclusive),
        Claim("2a collateral damage: accuracy lost", "fmnist1k", "partial15", "GA", "test accuracy lost (TA before − after)", ClaimVerdicts.Supported),
        Claim("4 mechanism", "fmnist1k", "partial15", "—", "forget/retain gradient cosine", ClaimVerdicts.Inconclusive),
        Claim("1 efficiency", "fmnist1k", "partial15", "GA", "updates to reach the forget target" + ClaimVerdicts.PaperProtocolLabel, ClaimVerdicts.NotSupported),
    ];

    private static ReportModel Model() =>
        new("tiny", "A tiny profile.", "seed: 0\n", "fingerprint", "the selection rule.", [], [], [], [], [], null, [])
        {
            Abstract = "First sentence of the abstract. Second sentence.",
            Findings = ["A finding in words."],
            Claims = Claims,
            ClaimSummaries = ClaimSummary.Of(Claims),
            ClaimRule = "The verdict rule.",
            Matrices = VerdictMatrix.Build(Claims, ReportStage.ClaimAnchor),
            Limitations = ["A limitation."],
            Setup = [new SetupLine("dataset", "fmnist1k", "{\"n\":1}")],
        };

    private static string CopyTemplates(TempDir tmp)
    {
        var dir = tmp.File("paper");
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(Path.Combine(TestProfiles.RepoRoot(), "paper")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    [Fact]
    public void A_Section_Edited_In_The_Content_Template_Should_Change_Both_Formats()
    {
        using var tmp = new TempDir();
        var dir = CopyTemplates(tmp);
        var before = ReportDocument.Render(ReportTemplates.FromDirectory(dir), Model());
        Assert.Contains("## Limitations", before.Markdown, StringComparison.Ordinal);
        Assert.Contains(">Limitations</h2>", before.Html, StringComparison.Ordinal);

        // When: one heading and one sentence change, in the content template only.
        var content = Path.Combine(dir, ReportTemplates.ContentTemplate);
        var text = File.ReadAllText(content);
        Assert.Contains("## Limitations", text, StringComparison.Ordinal);
        File.WriteAllText(content, text.Replace("## Limitations", "## Caveats\n\nRead these before the numbers.", StringComparison.Ordinal));
        var after = ReportDocument.Render(ReportTemplates.FromDirectory(dir), Model());

        // Then: both formats changed, and the shells hold no section of their own.
        Assert.Contains("## Caveats", after.Markdown, StringComparison.Ordinal);
        Assert.Contains("Read these before the numbers.", after.Markdown, StringComparison.Ordinal);
        Assert.Contains(">Caveats</h2>", after.Html, StringComparison.Ordinal);
        Assert.Contains("<p>Read these before the numbers.</p>", after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Limitations", after.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Limitations", after.Html, StringComparison.Ordinal);
        foreach (var shell in new[] { ReportTemplates.HtmlTemplate, ReportTemplates.MarkdownTemplate })
            Assert.DoesNotMatch(new Regex(@"^#+ |<h[1-6]", RegexOptions.Multiline), File.ReadAllText(Path.Combine(dir, shell)));
    }

    [Fact]
    public void The_Abstract_Should_Be_One_Paragraph_And_The_Order_Should_Put_Verdicts_Before_Details()
    {
        using var tmp = new TempDir();
        var output = ReportDocument.Render(ReportTemplates.FromDirectory(CopyTemplates(tmp)), Model());
        Assert.Contains("First sentence of the abstract. Second sentence.", output.Markdown, StringComparison.Ordinal);
        Assert.Contains("<p>First sentence of the abstract. Second sentence.</p>", output.Html, StringComparison.Ordinal);
        var order = new[] { "## Abstract", "## Headline figures", "## Verdicts", "## Paper vs reproduction", "## Methods", "## Setup", "## Provenance" }
            .Select(h => output.Markdown.IndexOf(h, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order().ToList(), order);
    }

    [Fact]
    public void Long_Tables_Should_Fold_Into_A_Details_Box_In_Html_And_A_Linked_File_In_Markdown()
    {
        using var tmp = new TempDir();
        var output = ReportDocument.Render(ReportTemplates.FromDirectory(CopyTemplates(tmp)), Model());

        // Markdown: the claims table is not inline; it is in tables/claims.md, linked from the report.
        Assert.Contains("](tables/claims.md)", output.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("| claim | dataset | scenario | method |", output.Markdown, StringComparison.Ordinal);
        var claims = output.SideFiles["tables/claims.md"];
        Assert.Contains("| claim | dataset | scenario | method |", claims, StringComparison.Ordinal);
        Assert.Contains("[← back to the report](../report.md)", claims, StringComparison.Ordinal);
        // HTML: the same table, inline in a closed details box, in a box that scrolls sideways.
        Assert.Contains("<details id=\"claims\"><summary>", output.Html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"table-box\"><table>", output.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table>", output.Html.Replace("<div class=\"table-box\"><table>", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_Verdict_Mark_Should_Link_To_A_Row_That_Exists()
    {
        using var tmp = new TempDir();
        var output = ReportDocument.Render(ReportTemplates.FromDirectory(CopyTemplates(tmp)), Model());

        var htmlLinks = MarkHref().Matches(output.Html).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(Claims.Count, htmlLinks.Count);
        foreach (var id in htmlLinks) Assert.Contains($"<a id=\"{id}\"></a>", output.Html, StringComparison.Ordinal);
        // The supported mark is coloured and also readable without colour.
        Assert.Contains("<a class=\"v sup\" href=\"#claim-0\"", output.Html, StringComparison.Ordinal);
        Assert.Contains(">✔</a>", output.Html, StringComparison.Ordinal);

        var mdLinks = Regex.Matches(output.Markdown, @"\]\(tables/claims\.md#(?<id>claim-\d+) ").Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(htmlLinks.Order(), mdLinks.Order());
        foreach (var id in mdLinks) Assert.Contains($"<a id=\"{id}\"></a>", output.SideFiles["tables/claims.md"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_Element_Id_Should_Be_Unique_So_Every_Link_Has_One_Target()
    {
        using var tmp = new TempDir();
        var output = ReportDocument.Render(ReportTemplates.FromDirectory(CopyTemplates(tmp)), Model());
        var ids = Regex.Matches(output.Html, "\\sid=\"(?<id>[^\"]+)\"").Select(m => m.Groups["id"].Value).ToList();
        Assert.True(ids.Count > 20, $"{ids.Count} ids");
        Assert.Empty(ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key));
        foreach (var href in Regex.Matches(output.Html, "href=\"#(?<id>[^\"]+)\"").Select(m => m.Groups["id"].Value))
            Assert.Contains(href, ids);
    }

    [Fact]
    public void The_Contents_Should_Use_GitHubs_Heading_Ids()
    {
        using var tmp = new TempDir();
        var output = ReportDocument.Render(ReportTemplates.FromDirectory(CopyTemplates(tmp)), Model());
        // GitHub: lower case, punctuation dropped (underscores and hyphens kept), spaces → hyphens.
        Assert.Contains("[Over seeds: θ_pre vs θ_grok](#over-seeds-θ_pre-vs-θ_grok)", output.Markdown, StringComparison.Ordinal);
        Assert.Contains("[Unlearning along the training run (the paper's Figure 1(b))](#unlearning-along-the-training-run-the-papers-figure-1b)", output.Markdown, StringComparison.Ordinal);
        Assert.Contains("id=\"over-seeds-θ_pre-vs-θ_grok\"", output.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#verdicts\">Verdicts</a>", output.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_Should_Write_A_Side_File_With_Figure_Links_One_Folder_Up_And_Refuse_A_Repeated_Name()
    {
        var md = ReportFormat.ForMarkdown();
        var link = md.Fold("Run A/seed 0", "Run A: curves", "![acc](figures/a.png)\n\n| x |\n|---|\n| 1 |\n").Text;
        Assert.Equal("[Run A: curves](tables/run-a-seed-0.md)", link);
        Assert.Contains("![acc](../figures/a.png)", md.SideFiles["tables/run-a-seed-0.md"], StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => md.Fold("run-a-seed-0", "again", "x"));

        var html = ReportFormat.ForHtml();
        Assert.Equal("<details id=\"run-a-seed-0\"><summary>Run A: curves &amp; more</summary>\n\nbody\n\n</details>",
            html.Fold("Run A/seed 0", "Run A: curves & more", "body\n").Text);
        Assert.Empty(html.SideFiles);
        Assert.Equal("<figure><a href=\"figures/x.svg\"><img src=\"figures/x.svg\" alt=\"a &lt;b&gt;\"></a><figcaption>cap</figcaption></figure>", html.Figure("x", "a <b>", "cap").Text);
        Assert.Equal("![a](figures/x.png)\n\n*cap*", md.Figure("x", "a", "cap").Text);
    }

    [Fact]
    public void Text_From_The_Results_Should_Never_Become_Markup_Or_Break_A_Table()
    {
        // Given: a profile description and a claim note holding HTML, a pipe and a newline.
        using var tmp = new TempDir();
        var evil = "<img src=x onerror=alert(1)> a|b\nsecond line & more";
        var model = Model() with { ProfileDescription = evil, Claims = [Claims[0] with { Note = evil }] };

        var output = ReportDocument.Render(ReportTemplates.FromDirectory(CopyTemplates(tmp)), model);

        // Then: no live tag in the HTML, the text shown as written on one line, and the claims row keeps its 16 cells.
        Assert.DoesNotContain("<img src=x", output.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; a|b second line &amp; more", output.Html, StringComparison.Ordinal);
        Assert.Contains(@"\<img src=x onerror=alert(1)> a\|b second line & more", output.Markdown, StringComparison.Ordinal);
        var row = output.SideFiles["tables/claims.md"].Split('\n').Single(l => l.Contains("claim-0", StringComparison.Ordinal));
        Assert.Equal(17, Regex.Matches(row, @"(?<!\\)\|").Count);
        var htmlRow = Regex.Match(output.Html, "<tr>\\s*<td><a id=\"claim-0\"></a>.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Equal(16, Regex.Matches(htmlRow, "<td").Count);
    }

    [Fact]
    public void A_Code_Span_Should_Stay_One_Cell_And_Keep_Its_Text()
    {
        var md = ReportFormat.ForMarkdown();
        var html = ReportFormat.ForHtml();
        Assert.Equal("`a\\|b`", md.Code("a|b").Text);
        Assert.Equal("``x`y``", md.Code("x`y").Text);
        Assert.Equal("<code>&lt;a&gt;&#124;b</code>", html.Code("<a>|b").Text);
        Assert.Equal("````yaml\nk: ```x```\n````", md.CodeBlock("yaml", "k: ```x```\n").Text);
    }

    [Fact]
    public void The_Verdict_Matrix_Should_Place_Each_Comparison_By_Claim_Scenario_And_Method()
    {
        var matrices = VerdictMatrix.Build(Claims, "c-");

        // One matrix per dataset × protocol, the controlled protocol first.
        Assert.Equal([("fmnist1k", "controlled"), ("fmnist1k", "paper")], matrices.Select(m => (m.Dataset, m.Protocol)));
        var controlled = matrices[0];
        Assert.Equal(["GA", "FT", VerdictMatrix.NoMethod], controlled.Methods);
        Assert.Equal(["1 efficiency", "2a accuracy lost", "4 mechanism"], controlled.Rows.Select(r => r.Claim));
        var lost = controlled.Rows[1];
        // Two metrics of GA in one cell, in the table's order; FT was not compared on that claim.
        Assert.Equal(["c-2", "c-3"], lost.Cells[0].Marks.Select(m => m.Anchor));
        Assert.Equal([ClaimVerdicts.Inconclusive, ClaimVerdicts.Supported], lost.Cells[0].Marks.Select(m => m.Verdict));
        Assert.Empty(lost.Cells[1].Marks);
        Assert.Equal("c-4", controlled.Rows[2].Cells[2].Marks.Single().Anchor);
        Assert.Equal("updates to reach the forget target: effect +1 ± 0.5, p 0.03", matrices[1].Rows[0].Cells[0].Marks.Single().Title);
        Assert.Equal("c-5", matrices[1].Rows[0].Cells[0].Marks.Single().Anchor);
    }

    [GeneratedRegex("<a class=\"v [a-z]+\" href=\"#(?<id>[^\"]+)\"")]
    private static partial Regex MarkHref();
}
