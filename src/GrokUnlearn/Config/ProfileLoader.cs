using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GrokUnlearn.Config;

/// <summary>Reads and validates a profile. Every error names the file, line, field path and the allowed values.</summary>
public static class ProfileLoader
{
    private static readonly string[] Ops = ["add", "sub", "mul", "div"];

    /// <summary>Resolves a profile name (configs/profiles/&lt;name&gt;.yaml under <paramref name="repoRoot"/>) or a path to a YAML file.</summary>
    public static RunProfile Load(string nameOrPath, string repoRoot)
    {
        var path = nameOrPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(nameOrPath)
            : Path.Combine(repoRoot, "configs", "profiles", nameOrPath + ".yaml");
        if (!File.Exists(path))
        {
            var dir = Path.Combine(repoRoot, "configs", "profiles");
            var known = Directory.Exists(dir)
                ? string.Join(", ", Directory.GetFiles(dir, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "(none)";
            throw new ConfigException($"profile '{nameOrPath}' not found at {path}; known profiles: {known}.");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static RunProfile Parse(string yaml, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"{path}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }
        if (stream.Documents.Count != 1)
            throw new ConfigException($"{path}: expected exactly one YAML document, found {stream.Documents.Count}.");

        var root = new ConfigNode(path, "", stream.Documents[0].RootNode);
        var description = root.String("description", "");
        var threads = root.Int("threads", 1, 256, 2);
        var datasets = root.Child("datasets").NamedChildren().ToDictionary(d => d.Name, d => BindDataset(d.Name, d.Node));
        var models = root.Child("models").NamedChildren().ToDictionary(m => m.Name, m => BindModel(m.Name, m.Node));
        var recipes = root.Child("recipes").NamedChildren().ToDictionary(r => r.Name, r => BindRecipe(r.Name, r.Node));
        var trainNode = root.Child("train");
        var train = trainNode.Items().Select(t => BindTrainRun(t, datasets, models, recipes)).ToList();
        if (train.Count == 0) throw trainNode.Error("expected at least one training run.");
        var selection = root.Has("selection") ? BindSelection(root.Child("selection")) : new SelectionSpec(0.99, 0.95, 0.05);
        var device = root.Choice("device", Tasks.DeviceSetting.Names, "cpu");
        var unlearn = root.Has("unlearn") ? BindUnlearn(root.Child("unlearn"), train, Tasks.TaskKinds.Classifiers) : null;
        AnalyzeSpec? analyze = null;
        if (root.Has("analyze"))
        {
            if (unlearn is null) throw root.ChildError("analyze", "needs an unlearn section (it measures the unlearning starting points and results).");
            analyze = BindAnalyze(root.Child("analyze"), unlearn);
        }
        var slurm = root.Has("slurm") ? BindSlurm(root.Child("slurm"), threads) : null;
        var languageUnlearn = root.Has("language_unlearn") ? BindUnlearn(root.Child("language_unlearn"), train, Tasks.TaskKinds.LanguageOnly) : null;
        root.RejectUnknownKeys();

        var name = Path.GetFileNameWithoutExtension(path);
        return new RunProfile(name, path, description, threads, datasets, models, recipes, train, selection, unlearn, analyze, slurm, languageUnlearn, device);
    }

    private static DatasetSpec BindDataset(string name, ConfigNode n)
    {
        var kind = n.Choice("kind", [ModularDatasetSpec.KindName, AuthorsDatasetSpec.KindName, .. Data.ImageDatasetCatalog.Kinds]);
        return kind switch
        {
            ModularDatasetSpec.KindName => BindModularDataset(name, n),
            AuthorsDatasetSpec.KindName => BindAuthorsDataset(name, n),
            _ => BindImageDataset(name, kind, n),
        };
    }

    private static AuthorsDatasetSpec BindAuthorsDataset(string name, ConfigNode n)
    {
        var templates = n.Int("templates", 2, Language.AuthorAttribute.MaxTemplates, 4);
        var spec = new AuthorsDatasetSpec(name,
            n.Int("authors", 10, Language.FictitiousAuthors.MaxAuthors / 2, 40),
            n.Int("holdout_authors", 0, Language.FictitiousAuthors.MaxAuthors / 2, 5),
            templates,
            n.Int("held_out_templates", 1, templates - 1, 1),
            n.Int("perturbed", 1, 9, 5),
            n.Int("seed", 0, int.MaxValue, 0));
        n.RejectUnknownKeys();
        return spec;
    }

    private static ModularDatasetSpec BindModularDataset(string name, ConfigNode n)
    {
        var op = Enum.Parse<ModularOp>(n.Choice("op", Ops), ignoreCase: true);
        var p = n.Int("p", 3, 1000);
        if (!IsPrime(p))
            throw n.ChildError("p", $"{p} is not prime; allowed: a prime (division and the Fourier analysis need a field).");
        var fraction = n.Double("train_fraction", 0, 1, minExclusive: true);
        if (fraction >= 1) throw n.ChildError("train_fraction", $"{fraction} leaves no test pairs; allowed: a number in (0, 1).");
        var seed = n.Int("split_seed", 0, int.MaxValue, 0);
        n.RejectUnknownKeys();
        return new ModularDatasetSpec(name, op, p, fraction, seed);
    }

    private static ImageDatasetSpec BindImageDataset(string name, string kind, ConfigNode n)
    {
        var folder = kind == "imagefolder" ? Path.GetFullPath(n.String("folder"), Path.GetDirectoryName(n.File)!) : null;
        var spec = new ImageDatasetSpec(name, kind,
            TrainSubset: n.Int("train_subset", 0, int.MaxValue, 0),
            TestSubset: n.Int("test_subset", 0, int.MaxValue, 0),
            SplitSeed: n.Int("split_seed", 0, int.MaxValue, 0),
            Normalize: n.Bool("normalize", false),
            Folder: folder,
            ImageSize: kind == "imagefolder" ? n.Int("image_size", 8, 1024, 64) : 0,
            ValidationSubset: n.Int("validation_subset", 0, int.MaxValue, 0));
        n.RejectUnknownKeys();
        return spec;
    }

    private static ModelSpec BindModel(string name, ConfigNode n)
    {
        var kind = n.Choice("kind", [ModularMlpSpec.KindName, ImageMlpSpec.KindName, CnnSpec.KindName, ResNetSpec.KindName, TransformerSpec.KindName]);
        var initScale = n.Double("init_scale", 0, 100, 1.0, minExclusive: true);
        ModelSpec spec = kind switch
        {
            ModularMlpSpec.KindName => new ModularMlpSpec(name, n.Int("embed_dim", 1, 4096), n.IntList("hidden", 1, 16384), initScale),
            TransformerSpec.KindName => BindTransformer(name, n, initScale),
            ImageMlpSpec.KindName => new ImageMlpSpec(name, n.IntList("hidden", 1, 65536, minCount: 0), initScale),
            CnnSpec.KindName => new CnnSpec(name, n.IntList("channels", 1, 4096), n.Int("hidden", 0, 65536, 0), n.Bool("batch_norm", true), initScale),
            _ => new ResNetSpec(name, n.Double("width_multiplier", 0, 16, 1.0, minExclusive: true), n.Bool("batch_norm", true), initScale),
        };
        n.RejectUnknownKeys();
        return spec;
    }

    private static RecipeSpec BindRecipe(string name, ConfigNode n)
    {
        var optimizer = n.Choice("optimizer", RecipeSpec.Optimizers, RecipeSpec.AdamW);
        var maxSteps = n.Int("max_steps", 1, 10_000_000);
        var evalEvery = n.Int("eval_every", 1, maxSteps);
        var adam = optimizer == RecipeSpec.AdamW;
        var grokfast = n.Has("grokfast") ? n.Child("grokfast") : null;
        var spec = new RecipeSpec(
            name,
            Lr: n.Double("lr", 0, 10, minExclusive: true),
            Beta1: adam ? n.Double("beta1", 0, 0.999999, 0.9) : 0.9,
            Beta2: adam ? n.Double("beta2", 0, 0.999999, 0.98) : 0.98,
            Eps: adam ? n.Double("eps", 0, 1, 1e-8, minExclusive: true) : 1e-8,
            WeightDecay: n.Double("weight_decay", 0, 100),
            WarmupSteps: n.Int("warmup_steps", 0, maxSteps, 10),
            MaxSteps: maxSteps,
            EvalEvery: evalEvery,
            CheckpointEvery: n.Int("checkpoint_every", 1, 10_000_000, evalEvery * 10),
            StopAfterGrokEvals: n.Int("stop_after_grok_evals", 0, 1_000_000, 0),
            SamRho: n.Double("sam_rho", 0, 10, 0),
            Optimizer: optimizer,
            Momentum: adam ? 0 : n.Double("momentum", 0, 0.999999, 0.9),
            Schedule: n.Choice("schedule", RecipeSpec.Schedules, RecipeSpec.Constant),
            Loss: n.Choice("loss", RecipeSpec.Losses, RecipeSpec.CrossEntropy),
            BatchSize: n.Int("batch_size", 0, 1_000_000, 0),
            GrokfastAlpha: grokfast?.Double("alpha", 0, 0.999999, 0.98) ?? 0,
            GrokfastLambda: grokfast?.Double("lambda", 0, 100, minExclusive: true) ?? 0);
        if (spec.CheckpointEvery % evalEvery != 0)
            throw n.ChildError("checkpoint_every", $"{spec.CheckpointEvery} is not a multiple of eval_every ({evalEvery}); allowed: a multiple of eval_every.");
        grokfast?.RejectUnknownKeys();
        n.RejectUnknownKeys();
        return spec;
    }

    private static TrainRunSpec BindTrainRun(ConfigNode n,
        Dictionary<string, DatasetSpec> datasets, Dictionary<string, ModelSpec> models, Dictionary<string, RecipeSpec> recipes)
    {
        var run = new TrainRunSpec(
            Lookup(n, "dataset", datasets),
            Lookup(n, "model", models),
            Lookup(n, "recipe", recipes),
            n.IntList("seeds", 0, int.MaxValue),
            n.Has("unlearn_checkpoints") ? BindCheckpointList(n.Child("unlearn_checkpoints"), allowEmpty: true) : null,
            n.Has("selection") ? BindSelection(n.Child("selection")) : null);
        if (run.Seeds.Distinct().Count() != run.Seeds.Count) throw n.ChildError("seeds", "contains a seed twice; allowed: distinct seeds.");
        var language = run.Dataset is AuthorsDatasetSpec;
        if (language != run.Model is TransformerSpec)
            throw n.ChildError("model", language
                ? $"'{run.Model.Name}' (kind {run.Model.Kind}) is not a language model; allowed for language dataset '{run.Dataset.Name}': a model of kind {TransformerSpec.KindName}."
                : $"'{run.Model.Name}' (kind {TransformerSpec.KindName}) reads text; allowed for dataset '{run.Dataset.Name}': {(run.Dataset is ImageDatasetSpec ? $"{ImageMlpSpec.KindName}, {CnnSpec.KindName} or {ResNetSpec.KindName}" : ModularMlpSpec.KindName)}.");
        if (language && run.Recipe.Loss != RecipeSpec.CrossEntropy)
            throw n.ChildError("recipe", $"'{run.Recipe.Name}' uses loss {run.Recipe.Loss}; allowed for a language model: {RecipeSpec.CrossEntropy} (next-token loss on answer tokens).");
        if (language && run.Recipe.Sam)
            throw n.ChildError("recipe", $"'{run.Recipe.Name}' sets sam_rho; SAM is not supported for language models (allowed: sam_rho 0).");
        var images = run.Dataset is ImageDatasetSpec;
        if (!language && images != run.Model.ReadsImages)
            throw n.ChildError("model", images
                ? $"'{run.Model.Name}' (kind {run.Model.Kind}) cannot read images; allowed for image dataset '{run.Dataset.Name}': a model of kind {ImageMlpSpec.KindName}, {CnnSpec.KindName} or {ResNetSpec.KindName}."
                : $"'{run.Model.Name}' (kind {run.Model.Kind}) reads images; allowed for modular dataset '{run.Dataset.Name}': a model of kind {ModularMlpSpec.KindName}.");
        n.RejectUnknownKeys();
        return run;
    }

    private static SelectionSpec BindSelection(ConfigNode n)
    {
        var spec = new SelectionSpec(
            n.Double("fit_train_acc", 0, 1, 0.99, minExclusive: true),
            n.Double("grok_test_acc", 0, 1, 0.95, minExclusive: true),
            n.Double("pre_margin", 0, 1, 0.05, minExclusive: true),
            n.Has("paper") ? BindPaperProtocol(n.Child("paper")) : null);
        n.RejectUnknownKeys();
        return spec;
    }

    private static PaperProtocolSpec BindPaperProtocol(ConfigNode n)
    {
        var spec = new PaperProtocolSpec(n.Int("patience", 1, 1_000_000, 5), n.Double("min_delta", 0, 1, 0.005), n.Int("hold", 1, 1_000_000, 5));
        n.RejectUnknownKeys();
        return spec;
    }

    /// <summary>
    /// An unlearn section: <c>unlearn</c> (classifier runs: scenarios, methods with Adam by default) or
    /// <c>language_unlearn</c> (language runs: TOFU forget splits, open-unlearning's AdamW with weight decay 0.01). Every
    /// method must be defined for the task kind of every run the section unlearns.
    /// </summary>
    private static UnlearnSpec BindUnlearn(ConfigNode n, IReadOnlyList<TrainRunSpec> train, IReadOnlySet<Tasks.TaskKind> kinds)
    {
        var language = kinds.Contains(Tasks.TaskKind.Language);
        var checkpoints = BindCheckpointList(n.Child("checkpoints"));
        Dictionary<string, ScenarioSpec> scenarios;
        if (language)
        {
            var splitsNode = n.Child("forget_splits");
            var splits = splitsNode.Items().Select(i =>
            {
                var split = i.Scalar();
                return UnlearnSpec.TofuSplits.Contains(split)
                    ? split
                    : throw i.Error($"unknown forget split '{split}'; allowed values: {string.Join(", ", UnlearnSpec.TofuSplits)}.");
            }).ToList();
            if (splits.Count == 0 || splits.Distinct().Count() != splits.Count)
                throw splitsNode.Error($"expected distinct forget splits from: {string.Join(", ", UnlearnSpec.TofuSplits)}.");
            scenarios = splits.ToDictionary(s => s, ScenarioSpec.Tofu);
        }
        else
        {
            scenarios = n.Child("scenarios").NamedChildren().ToDictionary(s => s.Name, s => BindScenario(s.Name, s.Node));
            if (scenarios.Count == 0) throw n.ChildError("scenarios", "expected at least one scenario.");
        }
        var methodNodes = n.Child("methods").NamedChildren();
        var methods = methodNodes.SelectMany(m => BindMethod(m.Name, m.Node, language)).ToList();
        if (methods.Count == 0) throw n.ChildError("methods", "expected at least one method.");
        var unlearned = train.Where(t => kinds.Contains(Tasks.TaskKinds.Of(t.Dataset)) && (t.UnlearnCheckpoints ?? checkpoints).Count > 0).ToList();
        foreach (var (name, node) in methodNodes)
        {
            var method = Unlearning.MethodRegistry.Find(name)!;
            foreach (var run in unlearned)
            {
                var kind = Tasks.TaskKinds.Of(run.Dataset);
                if (!method.Tasks.Contains(kind))
                    throw node.Error($"method {name} does not support {Tasks.TaskKinds.Name(kind)} tasks (run {run.Dataset.Name} × {run.Model.Name}); it supports: " +
                        $"{Tasks.TaskKinds.Describe(method.Tasks)}. Methods for {Tasks.TaskKinds.Name(kind)} tasks: {string.Join(", ", Unlearning.MethodRegistry.NamesFor(kind))}.");
            }
        }
        var tolerance = n.Double("target_tolerance", 0, 1, language ? 0.05 : 0.02);
        var evalEvery = n.Int("eval_every", 1, 1_000_000, 1);
        var batch = n.Int("batch_size", 0, 10_000_000, 0);
        var retainBatch = BindRetainBatch(n, language ? UnlearnSettings.SameAsForget : 0);
        var batchNorm = n.Choice("batchnorm", UnlearnSettings.BatchNormPolicies, UnlearnSettings.BatchNormTrain);
        TrajectorySpec? trajectory = null;
        if (!language && n.Has("trajectory"))
        {
            var t = n.Child("trajectory");
            trajectory = new TrajectorySpec(t.Int("every", 1, 1_000_000), t.Choice("method", methods.Select(m => m.Name).Distinct().ToList()),
                t.Choice("scenario", scenarios.Keys.ToList()), t.Has("steps") ? t.Int("steps", 1, 1_000_000) : null);
            t.RejectUnknownKeys();
        }
        // The learning-rate grid's pre-declared summary rule and where the grid runs (other scenarios: the primary point).
        var gridSummary = n.Choice("grid_summary", GridSummaryRule.Names, GridSummaryRule.SmallestReaching);
        IReadOnlyList<string>? gridScenarios = null;
        if (n.Has("grid_scenarios"))
        {
            var node = n.Child("grid_scenarios");
            gridScenarios = node.Items().Select(i => scenarios.ContainsKey(i.Scalar())
                ? i.Scalar()
                : throw i.Error($"'{i.Scalar()}' is not a scenario of this section; allowed values: {string.Join(", ", scenarios.Keys)}.")).Distinct().ToList();
            if (gridScenarios.Count == 0) throw node.Error($"expected at least one scenario from: {string.Join(", ", scenarios.Keys)}.");
        }
        LocalGrokSpec? local = null;
        if (language && n.Has("local_grokking")) local = BindLocalGrokking(n.Child("local_grokking"), methods, unlearned);
        var spec = new UnlearnSpec(checkpoints, scenarios, methods, tolerance, new UnlearnSettings(evalEvery, batch, retainBatch, batchNorm))
        {
            Trajectory = trajectory,
            LocalGrokking = local,
            GridSummary = gridSummary,
            GridScenarios = gridScenarios,
        };
        n.RejectUnknownKeys();
        return spec;
    }

    /// <summary>
    /// <c>language_unlearn.local_grokking</c> (the paper's Table 2 design). Methods name the section's methods and use
    /// their hyperparameters (the primary point of a grid); seeds must be seeds of an unlearned language run.
    /// </summary>
    private static LocalGrokSpec BindLocalGrokking(ConfigNode n, IReadOnlyList<MethodSpec> sectionMethods, IReadOnlyList<TrainRunSpec> unlearned)
    {
        IReadOnlyList<int>? seeds = null;
        if (n.Has("seeds"))
        {
            seeds = n.IntList("seeds", 0, int.MaxValue);
            var known = unlearned.SelectMany(r => r.Seeds).Distinct().Order().ToList();
            if (seeds.FirstOrDefault(s => !known.Contains(s), -1) is var bad and >= 0)
                throw n.ChildError("seeds", $"no unlearned language run has seed {bad}; allowed values: {string.Join(", ", known)}.");
        }
        double? fraction = null;
        if (n.Has("candidate"))
        {
            var text = n.Child("candidate").Scalar();
            if (text != "fit")
            {
                if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var f) || f <= 0 || f >= 1)
                    throw n.ChildError("candidate", $"'{text}' is neither 'fit' nor a fraction of the run; allowed: fit, or a number in (0, 1).");
                fraction = f;
            }
        }
        var within = n.Double("grokked_within", 0, 100, 0.01, minExclusive: true);
        var drop = n.Double("ungrokked_drop", 0, 100, 0.5, minExclusive: true);
        if (drop <= within) throw n.ChildError("ungrokked_drop", $"{drop} is not above grokked_within ({within}); allowed: a number > {within}, so no question is both.");
        var sizes = n.IntList("sizes", 1, 100_000);
        if (sizes.Distinct().Count() != sizes.Count) throw n.ChildError("sizes", "a size is listed twice; allowed: distinct numbers of questions.");
        var draws = n.Int("draws", 1, 100, 3);
        var seed = n.Int("seed", 0, int.MaxValue, 0);
        var namesNode = n.Child("methods");
        var methods = namesNode.Items().Select(i =>
        {
            var name = i.Scalar();
            return sectionMethods.FirstOrDefault(m => m.Name == name && m.Primary)
                ?? throw i.Error($"'{name}' is not a method of this section; allowed values: {string.Join(", ", sectionMethods.Where(m => m.Primary).Select(m => m.Name))}.");
        }).ToList();
        if (methods.Count == 0 || methods.DistinctBy(m => m.Name).Count() != methods.Count)
            throw namesNode.Error($"expected distinct methods from: {string.Join(", ", sectionMethods.Where(m => m.Primary).Select(m => m.Name))}.");
        n.RejectUnknownKeys();
        return new LocalGrokSpec(seeds, fraction, within, drop, sizes, draws, seed, methods);
    }

    /// <summary><c>retain_batch_size</c>: a count (0 = the whole retain set every update) or <c>same</c> (as many as the forget batch).</summary>
    private static int BindRetainBatch(ConfigNode n, int fallback)
    {
        if (!n.Has("retain_batch_size")) return fallback;
        return n.Child("retain_batch_size").Scalar() == "same" ? UnlearnSettings.SameAsForget : n.Int("retain_batch_size", 0, 10_000_000);
    }

    private static AnalyzeSpec BindAnalyze(ConfigNode n, UnlearnSpec unlearn)
    {
        var reference = n.Choice("cka_reference", unlearn.Checkpoints, unlearn.Checkpoints[0]);
        var known = unlearn.Methods.Select(m => m.Name).ToList();
        IReadOnlyList<string> after = known;
        if (n.Has("after_methods"))
        {
            var node = n.Child("after_methods");
            after = node.Items().Select(i =>
            {
                var name = i.Scalar();
                return known.Contains(name) ? name : throw i.Error($"'{name}' is not a method of the unlearn section; allowed values: {string.Join(", ", known)}.");
            }).Distinct().ToList();
        }
        var lc = n.Has("local_complexity") ? n.Child("local_complexity") : null;
        var hessian = n.Has("hessian") ? n.Child("hessian") : null;
        var spec = new AnalyzeSpec(
            Samples: n.Int("samples", 4, 100_000, 512),
            PairwiseExamples: n.Int("pairwise_examples", 1, 10_000, 32),
            CkaReference: reference,
            AfterMethods: after,
            LcDirections: lc?.Int("directions", 1, 10_000, 25) ?? 25,
            LcRadii: lc?.DoubleList("radii", 0, 100, [0.01, 0.05, 0.1], minExclusive: true) ?? [0.01, 0.05, 0.1],
            HessianIterations: hessian?.Int("max_iterations", 1, 10_000, 100) ?? 100,
            HessianTolerance: hessian?.Double("tolerance", 0, 1, 1e-3) ?? 1e-3,
            TraceSamples: hessian?.Int("trace_samples", 1, 100_000, 100) ?? 100,
            TraceMinSamples: hessian?.Int("trace_min_samples", 1, 100_000, 10) ?? 10,
            TraceTolerance: hessian?.Double("trace_tolerance", 0, 1, 1e-3) ?? 1e-3,
            TopUnitFraction: n.Double("top_unit_fraction", 0, 1, 0.1, minExclusive: true),
            TopFrequencies: n.Int("top_frequencies", 1, 10_000, 5));
        lc?.RejectUnknownKeys();
        hessian?.RejectUnknownKeys();
        n.RejectUnknownKeys();
        return spec;
    }

    private static SlurmSpec BindSlurm(ConfigNode n, int threads)
    {
        string? Optional(string key) => n.Has(key) ? n.String(key) : null;
        var partition = Optional("partition");
        var account = Optional("account");
        var throttle = n.Int("throttle", 0, 100_000, 0);
        var defaults = SlurmStageResources.Default(threads);
        var stages = SlurmSpec.StageNames.ToDictionary(s => s, _ => defaults);
        if (n.Has("stages"))
            foreach (var (name, node) in n.Child("stages").NamedChildren())
            {
                if (!SlurmSpec.StageNames.Contains(name))
                    throw node.Error($"unknown stage '{name}'; allowed: {string.Join(", ", SlurmSpec.StageNames)}.");
                var time = node.String("time", defaults.Time);
                if (!System.Text.RegularExpressions.Regex.IsMatch(time, @"^(\d+-)?\d{1,2}(:\d{2}){0,2}$"))
                    throw node.ChildError("time", $"'{time}' is not a Slurm time; allowed: [D-]HH[:MM[:SS]], e.g. 02:00:00 or 1-00:00:00.");
                var memory = node.String("mem", defaults.Memory);
                if (!System.Text.RegularExpressions.Regex.IsMatch(memory, @"^\d+[KMGT]?$"))
                    throw node.ChildError("mem", $"'{memory}' is not a Slurm memory size; allowed: a number with an optional K, M, G or T suffix, e.g. 8G.");
                stages[name] = new SlurmStageResources(time, memory, node.Int("cpus_per_task", 1, 1024, threads), node.Int("gpus_per_task", 0, 64, 0));
                node.RejectUnknownKeys();
            }
        var extra = n.Has("extra_options")
            ? n.Child("extra_options").Items().Select(i =>
            {
                var option = i.Scalar();
                return option.StartsWith("--", StringComparison.Ordinal) && !option.Contains('\n')
                    ? option
                    : throw i.Error($"'{option}' is not an sbatch long option; allowed: one option per item, e.g. --qos=normal.");
            }).ToList()
            : [];
        n.RejectUnknownKeys();
        return new SlurmSpec(partition, account, throttle, stages, extra);
    }

    private static IReadOnlyList<string> BindCheckpointList(ConfigNode node, bool allowEmpty = false)
    {
        var checkpoints = node.Items().Select(i =>
        {
            var kind = i.Scalar();
            return UnlearnSpec.CheckpointKinds.Contains(kind)
                ? kind
                : throw i.Error($"'{kind}' is not allowed; allowed values: {string.Join(", ", UnlearnSpec.CheckpointKinds)}.");
        }).ToList();
        if ((checkpoints.Count == 0 && !allowEmpty) || checkpoints.Distinct().Count() != checkpoints.Count)
            throw node.Error($"expected distinct checkpoint kinds from: {string.Join(", ", UnlearnSpec.CheckpointKinds)}.");
        return checkpoints;
    }

    private static ScenarioSpec BindScenario(string name, ConfigNode n)
    {
        var kind = n.Choice("kind", ["class", "partial-class", "random"]) switch
        {
            "class" => ScenarioKind.Class,
            "partial-class" => ScenarioKind.PartialClass,
            _ => ScenarioKind.Random,
        };
        var classes = kind == ScenarioKind.Random ? [] : n.IntList("classes", 0, 100_000);
        var fraction = kind == ScenarioKind.Class ? 1.0 : n.Double("fraction", 0, 1, minExclusive: true);
        var seed = kind == ScenarioKind.Class ? 0 : n.Int("seed", 0, int.MaxValue, 0);
        n.RejectUnknownKeys();
        return new ScenarioSpec(name, kind, classes, fraction, seed);
    }

    /// <summary>One method's settings; a learning-rate list expands into one grid point per value (first = primary).</summary>
    private static IReadOnlyList<MethodSpec> BindMethod(string name, ConfigNode n, bool language)
    {
        var method = Unlearning.MethodRegistry.Find(name)
            ?? throw n.Error($"unknown method '{name}'; allowed values: {string.Join(", ", Unlearning.MethodRegistry.Names)}.");
        // Language sections use open-unlearning's optimizer: AdamW with weight decay 0.01 (unlearning.md §1b).
        return language
            ? BindMethodSettings(name, n, method, ["adamw", "adam", "sgd"], defaultWeightDecay: 0.01, defaultSteps: 30)
            : BindMethodSettings(name, n, method, ["adam", "adamw", "sgd"], defaultWeightDecay: 0.0, defaultSteps: 100);
    }

    /// <summary>What every gradient method shares (optimizer, lr, momentum, weight decay, steps) plus the method's own options.</summary>
    private static IReadOnlyList<MethodSpec> BindMethodSettings(string name, ConfigNode n, Unlearning.IUnlearningMethod method,
        IReadOnlyList<string> optimizers, double defaultWeightDecay, int defaultSteps)
    {
        var optimizer = n.Choice("optimizer", optimizers, optimizers[0]);
        var lrs = n.DoubleOrList("lr", 0, 10, 1e-3);
        if (lrs.Count > 1 && !method.UsesOptimizer)
            throw n.ChildError("lr", $"{name} takes no optimizer steps, so a learning-rate grid does not apply; allowed: one number.");
        if (lrs.Select(MethodSpec.LrKey).Distinct().Count() != lrs.Count)
            throw n.ChildError("lr", "two values print the same; allowed: distinct numbers.");
        var momentum = n.Double("momentum", 0, 0.999999, 0.0);
        var weightDecay = n.Double("weight_decay", 0, 100, defaultWeightDecay);
        var steps = n.Int("steps", 1, 1_000_000, defaultSteps);
        var options = method.Options.ToDictionary(o => o.Key, o => n.Double(o.Key, o.Min, o.Max, o.Default));
        n.RejectUnknownKeys();
        return lrs.Select((lr, i) => new MethodSpec(name, optimizer, lr, momentum, weightDecay, steps, options)
        {
            GridKey = lrs.Count > 1 ? MethodSpec.LrKey(lr) : "",
            Primary = i == 0,
        }).ToList();
    }

    private static TransformerSpec BindTransformer(string name, ConfigNode n, double initScale)
    {
        var dModel = n.Int("d_model", 8, 4096);
        var heads = n.Int("heads", 1, 64);
        if (dModel % heads != 0) throw n.ChildError("heads", $"{heads} does not divide d_model {dModel}; allowed: a divisor of d_model.");
        return new TransformerSpec(name, dModel, n.Int("layers", 1, 48), heads, n.Int("d_mlp", 8, 65536, 4 * dModel),
            n.Int("max_length", 8, 4096, 48), initScale);
    }

    private static T Lookup<T>(ConfigNode n, string key, Dictionary<string, T> known)
    {
        var name = n.String(key);
        return known.TryGetValue(name, out var value)
            ? value
            : throw n.ChildError(key, $"'{name}' is not defined; allowed values: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}.");
    }

    private static bool IsPrime(int p)
    {
        if (p < 2) return false;
        for (var d = 2; d * d <= p; d++)
            if (p % d == 0) return false;
        return true;
    }
}
