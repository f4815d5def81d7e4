using GrokUnlearn.Config;
using Scriban;
using Scriban.Runtime;

namespace GrokUnlearn.Slurm;

/// <summary>
/// Renders a stage's sbatch script from its template (configs/slurm/&lt;stage&gt;.sbatch.sbn). Array stages read their
/// cell id from the cell list by SLURM_ARRAY_TASK_ID; single-job stages run their verb once.
/// </summary>
public static class SlurmScript
{
    public sealed record Model(
        string Stage,
        string JobName,
        string? Partition,
        string? Account,
        SlurmStageResources Resources,
        string? Array,
        string Output,
        string? Dependency,
        IReadOnlyList<string> ExtraOptions,
        string WorkDir,
        string CellList,
        string Command);

    public static string Render(string templatePath, Model model)
    {
        var template = Template.Parse(File.ReadAllText(templatePath), templatePath);
        if (template.HasErrors) throw new InvalidDataException($"{templatePath}: {string.Join("; ", template.Messages)}");
        var globals = new ScriptObject();
        globals.Import(model, renamer: m => StandardMemberRenamer.Rename(m));
        var context = new TemplateContext { MemberRenamer = m => StandardMemberRenamer.Rename(m) };
        context.PushGlobal(globals);
        return template.Render(context);
    }

    /// <summary>A value as one single-quoted shell word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
