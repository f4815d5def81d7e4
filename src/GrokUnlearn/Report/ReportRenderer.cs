using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace GrokUnlearn.Report;

/// <summary>Renders a Scriban template file against a <see cref="ReportModel"/> (plus named globals), failing loudly on template errors.</summary>
public static class ReportRenderer
{
    /// <param name="format">For the report's content: every value written that is not <see cref="ReportFormat.Markup"/> goes through <see cref="ReportFormat.Text"/>.</param>
    public static string Render(string templatePath, ReportModel model, ReportFormat? format, params (string Name, object Value)[] extra)
    {
        var template = Template.Parse(File.ReadAllText(templatePath), templatePath);
        if (template.HasErrors)
            throw new Config.ConfigException($"report template errors:{Environment.NewLine}{string.Join(Environment.NewLine, template.Messages)}");
        var globals = new ScriptObject();
        globals.Import(new { model }, renamer: StandardMemberRenamer.Default);
        foreach (var (name, value) in extra) globals[name] = value;
        // Scriban counts a loop statement's iterations over the whole render (1,000 by default); a report with many
        // seeds, methods and measures runs far more, but a runaway template should still stop.
        var context = new EscapingContext(format) { StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default, LoopLimit = 1_000_000 };
        context.PushGlobal(globals);
        return template.Render(context);
    }

    /// <summary>Writes helper markup as is and every other string value through the format's text escape.</summary>
    private sealed class EscapingContext(ReportFormat? format) : TemplateContext
    {
        public override TemplateContext Write(SourceSpan span, object? textAsObject) => format is null ? base.Write(span, textAsObject) : textAsObject switch
        {
            ReportFormat.Markup m => base.Write(span, m.Text),
            string s => base.Write(span, format.Text(s)),
            _ => base.Write(span, textAsObject!),
        };
    }
}
