using Scriban;
using Scriban.Runtime;

namespace GrokUnlearn.Report;

/// <summary>Renders a Scriban template file against a <see cref="ReportModel"/>, failing loudly on template errors.</summary>
public static class ReportRenderer
{
    public static string Render(string templatePath, ReportModel model)
    {
        var template = Template.Parse(File.ReadAllText(templatePath), templatePath);
        if (template.HasErrors)
            throw new Config.ConfigException($"report template errors:{Environment.NewLine}{string.Join(Environment.NewLine, template.Messages)}");
        var globals = new ScriptObject();
        globals.Import(new { model }, renamer: StandardMemberRenamer.Default);
        var context = new TemplateContext { StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default };
        context.PushGlobal(globals);
        return template.Render(context);
    }
}
