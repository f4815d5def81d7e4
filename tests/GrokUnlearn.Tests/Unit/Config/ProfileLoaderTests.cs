using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Config;

public sealed class ProfileLoaderTests
{
    private const string File = "/profiles/bad.yaml";

    private static ConfigException Fails(string yaml) =>
        Assert.IsType<ConfigException>(Record.Exception(() => ProfileLoader.Parse(yaml, File)));

    private static string Tiny(Func<string, string> edit) => edit(TestProfiles.TinyYaml());

    public sealed class TheParseMethod
    {
        [Fact]
        public void Should_Bind_Every_Value_Of_A_Valid_Profile()
        {
            var profile = ProfileLoader.Parse(TestProfiles.TinyYaml(maxSteps: 77, lr: 0.002), File);

            Assert.Equal(1, profile.Threads);
            Assert.Equal(new ModularDatasetSpec("add11", ModularOp.Add, 11, 0.5, 0), profile.Datasets["add11"]);
            Assert.Equal([16], ((ModularMlpSpec)profile.Models["mlp"]).Hidden);
            Assert.Equal(1.0, profile.Models["mlp"].InitScale);
            var quick = profile.Recipes["quick"];
            Assert.Equal((0.002, 0.9, 0.98, 1.0, 77, 10, 40, 10), (quick.Lr, quick.Beta1, quick.Beta2, quick.WeightDecay, quick.MaxSteps, quick.EvalEvery, quick.CheckpointEvery, quick.WarmupSteps));
            Assert.Equal(2, profile.Train.Count);
            Assert.Equal(new SelectionSpec(0.99, 0.95, 0.05), profile.Selection);
        }

        [Fact]
        public void Should_Name_File_Line_Field_And_Allowed_Values_For_A_Bad_Choice()
        {
            var ex = Fails(Tiny(y => y.Replace("op: add", "op: pow")));

            Assert.Contains(File, ex.Message);
            Assert.Contains("datasets.add11.op", ex.Message);
            Assert.Contains("'pow' is not allowed", ex.Message);
            Assert.Contains("allowed values: add, sub, mul, div", ex.Message);
            Assert.Matches(@"bad\.yaml:\d+:\d+:", ex.Message);
        }

        [Fact]
        public void Should_Reject_An_Unknown_Key_And_List_The_Allowed_Ones()
        {
            var ex = Fails(Tiny(y => y.Replace("weight_decay: 1.0\n    max_steps", "weight_decay: 1.0\n    wieght_decay: 2\n    max_steps")));

            Assert.Contains("recipes.quick", ex.Message);
            Assert.Contains("unknown field 'wieght_decay'", ex.Message);
            Assert.Contains("weight_decay", ex.Message[ex.Message.IndexOf("allowed fields", StringComparison.Ordinal)..]);
        }

        [Fact]
        public void Should_Reject_An_Unknown_Top_Level_Key()
        {
            var ex = Fails(TestProfiles.TinyYaml() + "\nunlearning: {}\n");

            Assert.Contains("(root)", ex.Message);
            Assert.Contains("unknown field 'unlearning'", ex.Message);
        }

        [Theory]
        [InlineData("p: 11\n    train_fraction: 0.5\n    split_seed: 0\n  mul11", "p: 12\n    train_fraction: 0.5\n    split_seed: 0\n  mul11", "datasets.add11.p", "12 is not prime")]
        [InlineData("train_fraction: 0.5\n    split_seed: 0\n  mul11", "train_fraction: 1.5\n    split_seed: 0\n  mul11", "datasets.add11.train_fraction", "out of range")]
        [InlineData("lr: 0.01", "lr: fast", "recipes.quick.lr", "'fast' is not a number")]
        [InlineData("hidden: [16]", "hidden: [16, -3]", "models.mlp.hidden[1]", "'-3' is not allowed")]
        [InlineData("checkpoint_every: 40\n  slow", "checkpoint_every: 45\n  slow", "recipes.quick.checkpoint_every", "not a multiple of eval_every")]
        public void Should_Reject_A_Bad_Value(string from, string to, string path, string message)
        {
            var yaml = TestProfiles.TinyYaml().Replace(from, to, StringComparison.Ordinal);
            Assert.NotEqual(TestProfiles.TinyYaml(), yaml);

            var ex = Fails(yaml);

            Assert.Contains(path, ex.Message);
            Assert.Contains(message, ex.Message);
        }

        [Fact]
        public void Should_Name_The_Defined_Values_For_An_Undefined_Reference()
        {
            var ex = Fails(Tiny(y => y.Replace("recipe: slow", "recipe: turbo")));

            Assert.Contains("train[1].recipe", ex.Message);
            Assert.Contains("'turbo' is not defined; allowed values: quick, slow", ex.Message);
        }

        [Fact]
        public void Should_Report_A_Missing_Required_Field()
        {
            var ex = Fails(Tiny(y => y.Replace("    embed_dim: 8\n", "")));

            Assert.Contains("models.mlp", ex.Message);
            Assert.Contains("required field 'embed_dim' is missing", ex.Message);
        }

        [Fact]
        public void Should_Report_Invalid_Yaml_With_Its_Position()
        {
            var ex = Fails("datasets: [unclosed\n");

            Assert.StartsWith($"{File}:", ex.Message);
            Assert.Contains("invalid YAML", ex.Message);
        }
    }

    public sealed class TheImageSections
    {
        private const string Images = """
            datasets:
              fm: { kind: fashion-mnist, train_subset: 1000, test_subset: 2000, split_seed: 4, normalize: true }
            models:
              mlp: { kind: mlp, hidden: [200, 200], init_scale: 8 }
              cnn: { kind: cnn, channels: [16, 32], hidden: 64, batch_norm: false }
              res: { kind: resnet18, width_multiplier: 0.5 }
            recipes:
              omni: { lr: 0.001, beta2: 0.999, weight_decay: 0.1, loss: mse, batch_size: 200, max_steps: 100, eval_every: 10, grokfast: { alpha: 0.8, lambda: 0.1 } }
              sgd: { optimizer: sgd, lr: 0.1, momentum: 0.9, weight_decay: 0.0005, schedule: cosine, batch_size: 128, max_steps: 100, eval_every: 10 }
            train:
              - { dataset: fm, model: mlp, recipe: omni, seeds: [0], selection: { grok_test_acc: 0.8 } }
              - { dataset: fm, model: res, recipe: sgd, seeds: [0, 1] }
            """;

        [Fact]
        public void Should_Bind_Image_Datasets_Models_And_Recipes()
        {
            var profile = ProfileLoader.Parse(Images, File);

            Assert.Equal(new ImageDatasetSpec("fm", "fashion-mnist", 1000, 2000, 4, true), profile.Datasets["fm"]);
            Assert.Equal([200, 200], ((ImageMlpSpec)profile.Models["mlp"]).Hidden);
            Assert.Equal(8.0, profile.Models["mlp"].InitScale);
            Assert.Equal((64, false), (((CnnSpec)profile.Models["cnn"]).Hidden, ((CnnSpec)profile.Models["cnn"]).BatchNorm));
            Assert.Equal((0.5, true), (((ResNetSpec)profile.Models["res"]).WidthMultiplier, ((ResNetSpec)profile.Models["res"]).BatchNorm));
            var omni = profile.Recipes["omni"];
            Assert.Equal((RecipeSpec.Mse, 200, 0.8, 0.1, 0.999), (omni.Loss, omni.BatchSize, omni.GrokfastAlpha, omni.GrokfastLambda, omni.Beta2));
            var sgd = profile.Recipes["sgd"];
            Assert.Equal((RecipeSpec.Sgd, 0.9, RecipeSpec.Cosine), (sgd.Optimizer, sgd.Momentum, sgd.Schedule));
            Assert.Equal(new SelectionSpec(0.99, 0.8, 0.05), profile.Train[0].Selection);
            Assert.Null(profile.Train[1].Selection);
        }

        [Fact]
        public void Should_List_The_Dataset_Kinds_For_An_Unknown_One()
        {
            var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Parse(Images.Replace("kind: fashion-mnist,", "kind: fashion,"), File));

            Assert.Contains("datasets.fm.kind", ex.Message);
            Assert.Contains("allowed values: modular, fictitious-authors, mnist, fashion-mnist, fashion-mnist-subset, cifar10, cifar100, svhn, imagefolder", ex.Message);
        }

        [Fact]
        public void Should_Reject_A_Modular_Model_On_Images()
        {
            var yaml = Images.Replace("res: { kind: resnet18, width_multiplier: 0.5 }", "res: { kind: modular_mlp, embed_dim: 8, hidden: [16] }");

            var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Parse(yaml, File));

            Assert.Contains("train[1].model", ex.Message);
            Assert.Contains("cannot read images", ex.Message);
        }

        [Fact]
        public void Should_Unlearn_Image_Runs_With_The_Batch_Settings_Of_The_Section()
        {
            var yaml = Images + "\n" + """
                unlearn:
                  checkpoints: [pre, grok]
                  batch_size: 64
                  retain_batch_size: same
                  batchnorm: frozen
                  scenarios: { c: { kind: partial-class, classes: [3], fraction: 0.5 } }
                  methods: { GA: { steps: 5 }, SCRUB: { steps: 2 } }
                """;

            var profile = ProfileLoader.Parse(yaml, File);

            Assert.Equal(new GrokUnlearn.Config.UnlearnSettings(1, 64, GrokUnlearn.Unlearning.UnlearnBatches.SameAsForget, "frozen"), profile.Unlearn!.Settings);
            Assert.Equal(64, profile.Unlearn.SharedParameters()["batch_size"]);
        }

        [Fact]
        public void Should_Refuse_A_Method_For_A_Task_Kind_It_Does_Not_Support_Naming_Both()
        {
            var yaml = Images + "\n" + """
                unlearn:
                  checkpoints: [pre, grok]
                  scenarios: { c: { kind: class, classes: [3] } }
                  methods: { GA: { steps: 5 }, NPO: { steps: 5 } }
                """;

            var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Parse(yaml, File));

            Assert.Contains("unlearn.methods.NPO", ex.Message);
            Assert.Contains("method NPO does not support image tasks", ex.Message);
            Assert.Contains("Methods for image tasks: FT, GA, NegGradPlus", ex.Message);
        }

        [Theory]
        [InlineData("batchnorm: eval", "'eval' is not allowed; allowed values: train, frozen")]
        [InlineData("batch_size: -1", "batch_size")]
        public void Should_Refuse_Bad_Batch_Settings_With_The_Allowed_Values(string setting, string expected)
        {
            var yaml = Images + "\n" + $$"""
                unlearn:
                  checkpoints: [pre, grok]
                  {{setting}}
                  scenarios: { c: { kind: class, classes: [3] } }
                  methods: { GA: { steps: 5 } }
                """;

            var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Parse(yaml, File));

            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void Should_Reject_An_Unknown_Loss_With_The_Allowed_Values()
        {
            var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Parse(Images.Replace("loss: mse", "loss: hinge"), File));

            Assert.Contains("recipes.omni.loss", ex.Message);
            Assert.Contains("allowed values: cross_entropy, mse", ex.Message);
        }
    }

    public sealed class TheLoadMethod
    {
        [Fact]
        public void Should_List_Known_Profiles_When_The_Name_Is_Unknown()
        {
            var ex = Assert.IsType<ConfigException>(Record.Exception(() => ProfileLoader.Load("nope", TestProfiles.RepoRoot())));

            Assert.Contains("profile 'nope' not found", ex.Message);
            Assert.Contains("default", ex.Message);
            Assert.Contains("smoke", ex.Message);
        }

        [Theory]
        [InlineData("default")]
        [InlineData("smoke")]
        [InlineData("modular")]
        [InlineData("paper")]
        public void Should_Load_The_Shipped_Profiles(string name)
        {
            var profile = ProfileLoader.Load(name, TestProfiles.RepoRoot());

            Assert.Equal(name, profile.Name);
            Assert.NotEmpty(profile.Train);
        }

        [Fact]
        public void Should_Bind_The_Default_Profiles_Vision_Experiment_And_Its_Trajectory()
        {
            var profile = ProfileLoader.Load("default", TestProfiles.RepoRoot());

            var run = profile.Train.Single(t => t.Model.Name == "img-mlp");
            Assert.Equal([0, 1, 2], run.Seeds);
            Assert.Equal(new PaperProtocolSpec(3, 0.01, 15), run.Selection!.Paper);
            Assert.Equal(1000, ((ImageDatasetSpec)run.Dataset).ValidationSubset);
            var unlearn = profile.Unlearn!;
            Assert.Equal(["pre", "grok", "paper-pre", "paper-grok"], unlearn.Checkpoints);
            Assert.Equal(["partial15", "partial50", "random15"], unlearn.Scenarios.Keys.Order());
            Assert.Equal(10, unlearn.Methods.Select(m => m.Name).Distinct().Count());
            // Every gradient method on a grid of three learning rates (1e-4 first: the primary point); SSD and Fisher one-shot.
            Assert.All(unlearn.Methods.Where(m => m.Name is not ("SSD" or "Fisher")).GroupBy(m => m.Name),
                g => Assert.Equal([1e-4, 3e-4, 1e-3], g.Select(m => m.Lr)));
            Assert.Equal(["GA@lr=1e-4", "GA@lr=3e-4", "GA@lr=1e-3"], unlearn.Methods.Where(m => m.Name == "GA").Select(m => m.Label));
            Assert.Equal(8 * 3 + 2, unlearn.Methods.Count);
            Assert.Equal(["partial50"], unlearn.GridScenarios);
            Assert.Equal(GridSummaryRule.SmallestReaching, unlearn.GridSummary);
            Assert.Equal(new TrajectorySpec(5, "GA", "partial15", 5), unlearn.Trajectory);
            Assert.Equal(20, unlearn.Trajectory!.Positions(run.Recipe));
        }

        [Fact]
        public void Should_Refuse_A_Trajectory_Method_That_The_Section_Does_Not_Run()
        {
            using var tmp = new TempDir();
            var yaml = System.IO.File.ReadAllText(Path.Combine(TestProfiles.RepoRoot(), "configs", "profiles", "default.yaml"))
                .Replace("trajectory: { every: 5, method: GA,", "trajectory: { every: 5, method: SGA,");
            System.IO.File.WriteAllText(tmp.File("p.yaml"), yaml);

            var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Load(tmp.File("p.yaml"), tmp.Path));

            Assert.Contains("unlearn.trajectory.method", ex.Message);
            Assert.Contains("'SGA'", ex.Message);
            Assert.Contains("FT, GA, NegGradPlus", ex.Message);
        }
    }
}
