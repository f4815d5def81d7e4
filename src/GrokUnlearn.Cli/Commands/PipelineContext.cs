using GrokUnlearn.Config;
using GrokUnlearn.Native;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using GrokUnlearn.Slurm;

namespace GrokUnlearn.Cli.Commands;

/// <summary>Everything a verb needs, resolved once from the settings: repo root, profile, store and plan.</summary>
public sealed class PipelineContext
{
    private PipelineContext(string root, RunProfile profile, ArtifactStore store, PipelinePlan plan, Func<StageCell, bool> selected)
    {
        Root = root;
        Profile = profile;
        Store = store;
        Plan = plan;
        Selected = selected;
    }

    public string Root { get; }
    public RunProfile Profile { get; }
    public ArtifactStore Store { get; }
    public PipelinePlan Plan { get; }
    public Func<StageCell, bool> Selected { get; }

    public static PipelineContext Create(PipelineSettings settings)
    {
        var root = settings.Root is not null ? Path.GetFullPath(settings.Root) : FindRoot(Directory.GetCurrentDirectory());
        var profile = ProfileLoader.Load(settings.Profile, root);
        var store = new ArtifactStore(settings.Artifacts ?? Path.Combine(root, "artifacts"));
        var templates = ReportTemplates.FromDirectory(Path.Combine(root, "paper"));
        var plan = PipelinePlan.Create(profile, store, templates.ContentHash);
        var selected = CellFilter.Create(settings.Cell, settings.Method, settings.Seed, settings.OnlyCell);
        if (!plan.All.Any(selected))
            throw new ConfigException($"the filters (--cell / --method / --seed) match no cell of profile '{profile.Name}'; cells: {string.Join(", ", plan.All.Select(c => c.Id))}.");
        return new PipelineContext(root, profile, store, plan, selected);
    }

    /// <summary>The Slurm executor for this profile and artifacts folder (sbatch, squeue and scontrol on PATH).</summary>
    public SlurmExecutor Slurm() => new(Profile, Store, Root, Path.Combine(AppContext.BaseDirectory, "GrokUnlearn.Cli.dll"), new SlurmCommandClient(), Console.WriteLine);

    /// <summary>Submits the selected stale cells of each Slurm stage, in order (so later stages can wait for earlier ones).</summary>
    public async Task SubmitAsync(PipelineSettings settings, string verb, params (string Stage, IEnumerable<StageCell> Cells)[] stages)
    {
        if (settings.Force)
            throw new ConfigException("--force is not supported with --executor slurm (array tasks run only stale cells); delete the cell's outputs, or re-run it with the local executor.");
        var slurm = Slurm();
        var selection = new List<string>();
        if (settings.Cell is not null) selection.AddRange(["--cell", settings.Cell]);
        if (settings.Method is not null) selection.AddRange(["--method", settings.Method]);
        if (settings.Seed is not null) selection.AddRange(["--seed", settings.Seed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var (stage, cells) in stages)
            await slurm.SubmitAsync(stage, verb, await SlurmExecutor.StaleAsync(cells.Where(Selected)), selection: selection);
    }

    /// <summary>Loads libtorch (patching LibTorchSharp's version needs if this machine requires it).</summary>
    public static void EnsureTorch() => TorchRuntime.EnsureLoaded(Console.Error.WriteLine);

    private static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GrokUnlearn.sln"))) return dir.FullName;
        throw new ConfigException($"No GrokUnlearn.sln found in {start} or above; pass --root <repository>.");
    }
}
