namespace GrokUnlearn.Tests.Fixtures;

/// <summary>The whole Markdown report as one text: report.md followed by its folded tables (tables/*.md, by name).</summary>
public static class ReportText
{
    public static string Markdown(string reportDir)
    {
        var tables = Path.Combine(reportDir, GrokUnlearn.Report.ReportFormat.SideFolder);
        var parts = new List<string> { File.ReadAllText(Path.Combine(reportDir, "report.md")) };
        if (Directory.Exists(tables))
            parts.AddRange(Directory.GetFiles(tables, "*.md").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        return string.Join("\n", parts);
    }
}
