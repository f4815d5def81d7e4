using GrokUnlearn.Config;
using GrokUnlearn.Native;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;

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
        var selected = CellFilter.Create(settings.Cell, settings.Method, settings.Seed);
        if (!plan.All.Any(selected))
            throw new ConfigException($"the filters (--cell / --method / --seed) match no cell of profile '{profile.Name}'; cells: {string.Join(", ", plan.All.Select(c => c.Id))}.");
        return new PipelineContext(root, profile, store, plan, selected);
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
