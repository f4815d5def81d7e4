using System.Text.Json.Nodes;
using GrokUnlearn.Config;

namespace GrokUnlearn.Benchmarks;

/// <summary>What a workload times: training steps (Trainer.Step), or Hessian-vector products against steps on one fixed batch.</summary>
public enum WorkloadMeasure
{
    Step,
    Hvp,
}

/// <summary>
/// One workload of the PyTorch comparison (issue 8's A–E): a model and recipe taken from the default profile, with the
/// batch and input shape the comparison fixes. Both stacks build it from <see cref="ToWire"/>, so the Python reference
/// cannot drift from the C# definition. <see cref="Available"/> is false for a workload whose model is not built yet.
/// </summary>
public sealed record BenchmarkWorkload(
    string Id,
    string Title,
    ModelSpec? Model,
    RecipeSpec? Recipe,
    int Modulus,
    IReadOnlyList<int> InputShape,
    int Classes,
    int Pool,
    WorkloadMeasure Measure,
    string? UnavailableReason = null)
{
    public bool Available => UnavailableReason is null;

    /// <summary>Inputs per step: the pool for full-batch recipes, else the recipe's batch size.</summary>
    public int Batch => Recipe is null ? 0 : Recipe.FullBatch ? Pool : Recipe.BatchSize;

    /// <summary>The profile models and recipes the workloads use (the default profile's names).</summary>
    public const string ModularModel = "mlp", ModularRecipe = "add-adamw", ModularDataset = "add97";
    public const string ImageMlpModel = "img-mlp", ImageMlpRecipe = "omnigrok-mlp";
    public const string CnnModel = "img-cnn", CnnRecipe = "omnigrok-cnn";
    public const int ImageBatch = 128;
    /// <summary>Images the minibatches are drawn from (the default profile's Fashion-MNIST training subset).</summary>
    public const int ImagePool = 1000;
    /// <summary>Workload D: the language track's transformer and recipe at issue 8's size.</summary>
    public const string LanguageModel = "lm", LanguageRecipe = "lm-adamw";
    public const int TransformerWidth = 128, TransformerHeads = 4, TransformerLayers = 2, TransformerSequence = 32, TransformerBatch = 64;
    /// <summary>D's vocabulary (the default knowledge base has ~215 words) and the sequences its batches are drawn from.</summary>
    public const int TransformerVocabulary = 256, TransformerPool = 1024;

    /// <summary>The profiles whose models and recipes the workloads use: default (images, language) and modular (A).</summary>
    public static readonly string[] SourceProfiles = ["default", "modular"];

    /// <summary>A–E from the repository's default and modular profiles, merged.</summary>
    public static IReadOnlyList<BenchmarkWorkload> Load(string root) =>
        FromProfile(Merge([.. SourceProfiles.Select(name => ProfileLoader.Load(name, root))]));

    /// <summary>The first profile with every profile's datasets, models and recipes (a name defined twice: the first wins).</summary>
    public static RunProfile Merge(IReadOnlyList<RunProfile> profiles)
    {
        static IReadOnlyDictionary<string, T> Union<T>(IEnumerable<IReadOnlyDictionary<string, T>> all)
        {
            var merged = new Dictionary<string, T>();
            foreach (var d in all)
                foreach (var (k, v) in d) merged.TryAdd(k, v);
            return merged;
        }
        return profiles[0] with
        {
            Datasets = Union(profiles.Select(p => p.Datasets)),
            Models = Union(profiles.Select(p => p.Models)),
            Recipes = Union(profiles.Select(p => p.Recipes)),
        };
    }

    /// <summary>A–E from a profile that defines the workloads' models and recipes (see <see cref="Load"/>).</summary>
    public static IReadOnlyList<BenchmarkWorkload> FromProfile(RunProfile profile)
    {
        T Find<T>(IReadOnlyDictionary<string, T> items, string wanted, string section) =>
            items.TryGetValue(wanted, out var item) ? item
            : throw new ConfigException($"{profile.SourcePath}: the benchmark needs {section} '{wanted}' (as in configs/profiles/default.yaml and modular.yaml).");
        var modular = Find(profile.Datasets, ModularDataset, "dataset") as ModularDatasetSpec
            ?? throw new ConfigException($"{profile.SourcePath}: dataset '{ModularDataset}' must be kind modular for the benchmark.");
        var mlp = Find(profile.Models, ImageMlpModel, "model");
        var cnn = Find(profile.Models, CnnModel, "model");
        var mlpRecipe = Find(profile.Recipes, ImageMlpRecipe, "recipe") with { BatchSize = ImageBatch };
        var cnnRecipe = Find(profile.Recipes, CnnRecipe, "recipe") with { BatchSize = ImageBatch };
        var pairs = (int)Math.Round(modular.TrainFraction * modular.P * modular.P);

        return
        [
            new("A", $"modular addition mod {modular.P}, full batch ({pairs:N0} pairs), embedding MLP",
                Find(profile.Models, ModularModel, "model"), Find(profile.Recipes, ModularRecipe, "recipe"),
                modular.P, [2], modular.P, pairs, WorkloadMeasure.Step),
            new("B", $"MLP 784-200-200-10, batch {ImageBatch}", mlp, mlpRecipe, 0, [1, 28, 28], 10, ImagePool, WorkloadMeasure.Step),
            new("C", $"small CNN ({string.Join("/", ((CnnSpec)cnn).Channels)} channels) on 32×32×3, batch {ImageBatch}",
                cnn, cnnRecipe, 0, [3, 32, 32], 10, ImagePool, WorkloadMeasure.Step),
            Transformer(profile),
            new("E", $"Hessian-vector product on B's model and one batch of {ImageBatch}", mlp, mlpRecipe, 0, [1, 28, 28], 10, ImagePool,
                WorkloadMeasure.Hvp),
        ];
    }

    /// <summary>
    /// D: the profile's language model resized to d_model 128 (MLP 4×), 4 heads, 2 layers, sequences of 32 tokens, and
    /// its recipe with batches of 64; loss on the second half of each sequence (answer tokens only, as in training).
    /// </summary>
    private static BenchmarkWorkload Transformer(RunProfile profile)
    {
        const string title = "2-layer transformer, d_model 128, 4 heads, sequence 32, batch 64";
        if (!profile.Models.TryGetValue(LanguageModel, out var model) || model is not TransformerSpec lm
            || !profile.Recipes.TryGetValue(LanguageRecipe, out var recipe))
            return new("D", title, null, null, 0, [TransformerSequence], 0, 0, WorkloadMeasure.Step,
                $"{profile.SourcePath} has no transformer '{LanguageModel}' with recipe '{LanguageRecipe}' (as in configs/profiles/default.yaml)");
        // GPT-2's own initialisation (α = 1): the profile's α = 10 costs the same work, but from it the random-target
        // loss starts near 64 and 3 AdamW steps amplify float32 summation-order differences past the parity tolerance.
        var spec = lm with
        {
            DModel = TransformerWidth, Heads = TransformerHeads, Layers = TransformerLayers, DMlp = 4 * TransformerWidth,
            MaxLength = TransformerSequence, InitScale = 1,
        };
        return new("D", title, spec, recipe with { BatchSize = TransformerBatch }, 0, [TransformerSequence], TransformerVocabulary,
            TransformerPool, WorkloadMeasure.Step);
    }

    /// <summary>The workload as JSON for a worker process (the Python reference reads exactly this).</summary>
    public JsonObject ToWire()
    {
        if (!Available) throw new InvalidOperationException($"workload {Id} is not available: {UnavailableReason}");
        var model = Model switch
        {
            ModularMlpSpec m => new JsonObject
            {
                ["kind"] = m.Kind, ["p"] = Modulus, ["embed_dim"] = m.EmbedDim, ["hidden"] = new JsonArray([.. m.Hidden.Select(h => (JsonNode)h)]),
            },
            ImageMlpSpec m => new JsonObject { ["kind"] = m.Kind, ["hidden"] = new JsonArray([.. m.Hidden.Select(h => (JsonNode)h)]) },
            CnnSpec m => new JsonObject
            {
                ["kind"] = m.Kind, ["channels"] = new JsonArray([.. m.Channels.Select(c => (JsonNode)c)]), ["hidden"] = m.Hidden,
                ["batch_norm"] = m.BatchNorm,
            },
            TransformerSpec m => new JsonObject
            {
                ["kind"] = m.Kind, ["vocabulary"] = Classes, ["d_model"] = m.DModel, ["layers"] = m.Layers, ["heads"] = m.Heads,
                ["d_mlp"] = m.DMlp, ["max_length"] = m.MaxLength,
            },
            _ => throw new NotSupportedException($"model kind {Model!.Kind} has no benchmark wire form"),
        };
        model["init_scale"] = Model.InitScale;
        var r = Recipe!;
        // The reference implements the plain step; a recipe with SAM or Grokfast would time different work.
        if (r.Sam || r.Grokfast) throw new NotSupportedException($"workload {Id}: recipe {r.Name} uses SAM or Grokfast, which the PyTorch reference does not implement");
        return new JsonObject
        {
            ["id"] = Id,
            ["model"] = model,
            ["input_shape"] = new JsonArray([.. InputShape.Select(s => (JsonNode)s)]),
            ["classes"] = Classes,
            ["pool"] = Pool,
            ["measure"] = Measure == WorkloadMeasure.Hvp ? "hvp" : "step",
            ["recipe"] = new JsonObject
            {
                ["optimizer"] = r.Optimizer, ["lr"] = r.Lr, ["beta1"] = r.Beta1, ["beta2"] = r.Beta2, ["eps"] = r.Eps,
                ["weight_decay"] = r.WeightDecay, ["momentum"] = r.Momentum, ["warmup_steps"] = r.WarmupSteps, ["max_steps"] = r.MaxSteps,
                ["schedule"] = r.Schedule, ["loss"] = r.Loss, ["batch_size"] = r.BatchSize,
            },
        };
    }
}
