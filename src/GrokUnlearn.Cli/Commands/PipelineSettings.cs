using System.ComponentModel;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

/// <summary>Options shared by every pipeline verb.</summary>
public class PipelineSettings : CommandSettings
{
    [CommandOption("-p|--profile <PROFILE>")]
    [Description("Profile name (configs/profiles/<name>.yaml) or a path to a YAML file.")]
    [DefaultValue("default")]
    public string Profile { get; init; } = "default";

    [CommandOption("--root <DIR>")]
    [Description("Repository root (holds configs/ and paper/). Default: the nearest folder above the current one with GrokUnlearn.sln.")]
    public string? Root { get; init; }

    [CommandOption("--artifacts <DIR>")]
    [Description("Artifacts folder. Default: <root>/artifacts.")]
    public string? Artifacts { get; init; }

    [CommandOption("--cell <PATTERN>")]
    [Description("Only cells whose id contains PATTERN (e.g. seed1, add97__mlp). Other cells are left as they are.")]
    public string? Cell { get; init; }

    [CommandOption("--method <NAME>")]
    [Description("Only unlearn and analyze cells of this method (e.g. SCRUB; case-insensitive; \"none\" = analyses before unlearning). Other stages are not filtered.")]
    public string? Method { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Only cells of training runs with this seed (train, oracle, unlearn and analyze cells).")]
    public int? Seed { get; init; }

    [CommandOption("--data-root <DIR>")]
    [Description("A folder with offline copies of dataset files (<DIR>/<kind>/<file> or <DIR>/<file>); tried after the download cache and before downloading. Also: GROKUNLEARN_DATA_ROOT.")]
    public string? DataRoot { get; init; }

    [CommandOption("--offline")]
    [Description("Never download: dataset files come from the cache, the bundled subset or mirrors only.")]
    public bool Offline { get; init; }

    [CommandOption("--only-cell <ID>")]
    [Description("Only the cell with exactly this id (what a Slurm array task runs).")]
    public string? OnlyCell { get; init; }

    [CommandOption("--executor <EXECUTOR>")]
    [Description("local: run the stale cells here. slurm: submit them to Slurm (sbatch job arrays with dependencies) and return at once; see the profile's slurm section.")]
    [DefaultValue("local")]
    public string Executor { get; init; } = "local";

    public bool OnSlurm => Executor == "slurm";

    public override Spectre.Console.ValidationResult Validate() =>
        Executor is not ("local" or "slurm")
            ? Spectre.Console.ValidationResult.Error($"--executor '{Executor}' is not allowed; allowed values: local, slurm.")
            : Jobs is < 1
                ? Spectre.Console.ValidationResult.Error($"--jobs {Jobs} is not allowed; allowed values: a whole number ≥ 1.")
                : Spectre.Console.ValidationResult.Success();

    [CommandOption("-j|--jobs <N>")]
    [Description("Local executor: run the stage's independent cells in N worker processes at once (each cell keeps the profile's thread count, so results do not depend on N). Default: the cores divided by the profile's threads, at least 1.")]
    public int? Jobs { get; init; }

    /// <summary>Set by a <c>--jobs</c> run for its worker processes ("k/N"): share the cells through their locks.</summary>
    [CommandOption("--worker <K_OF_N>", IsHidden = true)]
    public string? Worker { get; init; }

    [CommandOption("-f|--force")]
    [Description("Re-run the selected cells even when they are up to date.")]
    public bool Force { get; init; }
}
