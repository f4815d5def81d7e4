using GrokUnlearn.Config;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>Small profiles written as YAML, so tests go through the same loader as users.</summary>
public static class TestProfiles
{
    /// <summary>Two datasets × one tiny model × one recipe; trains in about a second per cell.</summary>
    public static string TinyYaml(int maxSteps = 120, double lr = 0.01, double addFraction = 0.5) => $"""
        description: tiny test profile
        threads: 1
        datasets:
          add11:
            kind: modular
            op: add
            p: 11
            train_fraction: {addFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}
            split_seed: 0
          mul11:
            kind: modular
            op: mul
            p: 11
            train_fraction: 0.5
            split_seed: 0
        models:
          mlp:
            kind: modular_mlp
            embed_dim: 8
            hidden: [16]
        recipes:
          quick:
            lr: {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}
            weight_decay: 1.0
            max_steps: {maxSteps}
            eval_every: 10
            checkpoint_every: 40
          slow:
            lr: 0.001
            weight_decay: 1.0
            max_steps: {maxSteps}
            eval_every: 10
            checkpoint_every: 40
        train:
          - dataset: add11
            model: mlp
            recipe: quick
            seeds: [0]
          - dataset: mul11
            model: mlp
            recipe: slow
            seeds: [0]
        """;

    /// <summary>The tiny profile plus an unlearn section: fit and final checkpoints, class 2 forgotten, 5 SGD steps of GA.</summary>
    public static string TinyUnlearnYaml() => TinyYaml() + """

        unlearn:
          checkpoints: [fit, final]
          scenarios:
            class2: { kind: class, classes: [2] }
          methods:
            GA: { optimizer: sgd, lr: 0.05, steps: 5 }
        """;

    public static RunProfile Tiny(string dir, int maxSteps = 120, double lr = 0.01, double addFraction = 0.5)
    {
        var path = System.IO.Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(path, TinyYaml(maxSteps, lr, addFraction));
        return ProfileLoader.Load(path, dir);
    }

    /// <summary>The repository root (holds paper/ and configs/), found from the test binary's folder.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GrokUnlearn.sln"))) return dir.FullName;
        throw new InvalidOperationException("GrokUnlearn.sln not found above the test binaries.");
    }
}
