namespace GrokUnlearn.Report;

/// <summary>What the templates see (members become snake_case in Scriban). Numbers are pre-formatted so output is byte-stable.</summary>
public sealed record ReportModel(
    string ProfileName,
    string ProfileDescription,
    string ProfileYaml,
    string ReportFingerprint,
    string SelectionRule,
    IReadOnlyList<SoftwareVersion> Software,
    IReadOnlyList<RunSection> Runs,
    IReadOnlyList<UnlearnTable> Unlearning,
    IReadOnlyList<SeedTable> SeedSummaries,
    IReadOnlyList<MechanismSection> Mechanism,
    MechanismNotes? MechanismNotes,
    IReadOnlyList<string> StagesNotBuilt)
{
    /// <summary>One paragraph generated from the verdicts and comparisons (never hand-written): <see cref="ReportAbstract"/>.</summary>
    public string Abstract { get; init; } = "";
    /// <summary>The longer account in words, a paragraph per track and comparison (contradictions named), under Verdicts.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];
    public IReadOnlyList<ClaimRow> Claims { get; init; } = [];
    public IReadOnlyList<ClaimSummary> ClaimSummaries { get; init; } = [];
    public string ClaimRule { get; init; } = "";
    public IReadOnlyList<TrainingCostLine> TrainingCost { get; init; } = [];
    public IReadOnlyList<BreakEvenLine> BreakEven { get; init; } = [];
    public IReadOnlyList<string> Limitations { get; init; } = [];
    public IReadOnlyList<ResultFigureGroup> ResultFigures { get; init; } = [];
    /// <summary>Every setting actually used, by kind (dataset, model, recipe, run, scenario, method, analysis): name → resolved values.</summary>
    public IReadOnlyList<SetupLine> Setup { get; init; } = [];
    /// <summary>Null until `./build.sh --target=Benchmark` has run on this machine.</summary>
    public PerformanceModel? Performance { get; init; }
    public LanguageModel? Language { get; init; }
    /// <summary>The paper's Table 2 design (locally grokked vs ungrokked forget sets); null when the profile has none.</summary>
    public LocalGrokModel? LocalGrokking { get; init; }
    /// <summary>The paper's numbers beside ours (paper/paper-numbers.csv), per protocol.</summary>
    public PaperComparisonModel PaperComparison { get; init; } = new([], []);
    /// <summary>The paper's Figure 1(b): unlearning applied along each training run.</summary>
    public IReadOnlyList<TrajectorySection> Trajectories { get; init; } = [];
    /// <summary>The learning-rate grid: every point's numbers and verdicts, and the summary rule's choices; null without a grid.</summary>
    public GridReport? Grid { get; init; }
    /// <summary>The figures shown first: one beside the abstract, then each track's.</summary>
    public HeadlineModel Headline { get; init; } = new(null, []);
    /// <summary>Claims × methods per dataset and protocol, each mark linking to its row of <see cref="Claims"/>.</summary>
    public IReadOnlyList<VerdictMatrix> Matrices { get; init; } = [];
    /// <summary>The language track's claims × methods, linking to the rows of <see cref="LanguageModel.Claims"/>.</summary>
    public IReadOnlyList<VerdictMatrix> LanguageMatrices { get; init; } = [];
    /// <summary>Every configured method: what it does and the values it ran with.</summary>
    public IReadOnlyList<MethodLine> Methods { get; init; } = [];
}

/// <summary>How the measures were taken (from the profile's analyze section), stated once in the report.</summary>
public sealed record MechanismNotes(string Samples, string Pairing, string LocalComplexity, string Curvature, string Reference);

/// <summary>One dataset × model × recipe × scenario over its training seeds: summaries and the paired θ_grok − θ_pre comparison.</summary>
public sealed record SeedTable(string Group, string Scenario, string Seeds, IReadOnlyList<SeedLine> Lines, IReadOnlyList<PairedLine> Paired);

public sealed record SeedLine(string Method, string Checkpoint, int N, string Ua, string Ra, string Ta, string StepsToTarget, string Mia, string Seconds);

public sealed record PairedLine(string Method, string Metric, int N, string Difference, string EffectSize, string Significance);

/// <summary>One training run × scenario: every method from every selected checkpoint, beside the retrain oracle.</summary>
public sealed record UnlearnTable(
    string Run,
    string Scenario,
    int ForgetSize,
    string Oracle,
    string Target,
    string Figure,
    IReadOnlyList<UnlearnLine> Lines);

public sealed record UnlearnLine(
    string Method,
    string Checkpoint,
    string Ua,
    string Ra,
    string Ta,
    string StepsToTarget,
    string Mia,
    string Ues,
    string Seconds,
    string Status);

public sealed record SoftwareVersion(string Name, string Version);

public sealed record RunSection(
    string Cell,
    string Dataset,
    string Task,
    string Model,
    string Recipe,
    int Seed,
    int StepsTrained,
    string TrainSeconds,
    EventPoint? Fit,
    EventPoint? Pre,
    EventPoint? Grok,
    string DelayRatio,
    bool Grokked,
    string Verdict,
    string AccuracyFigure,
    string LossFigure,
    string Fingerprint,
    string Parameters,
    IReadOnlyList<CheckpointLine> Checkpoints)
{
    /// <summary>A sharpness-aware control run (stopped before grokking by design).</summary>
    public bool Sam { get; init; }

    /// <summary>Whether any checkpoint of this run is unlearned (false: trained and reported only).</summary>
    public bool Unlearned { get; init; } = true;
    /// <summary>A language-track run (unlearned by the LM methods, reported in the language section).</summary>
    public bool Language { get; init; }

    /// <summary>Grokked in the strict sense: θ_grok exists and came at least 3× as late as the fit.</summary>
    public bool DelayedGrok { get; init; }

    /// <summary>The run's own selection rule when it overrides the profile's, else empty.</summary>
    public string SelectionOverride { get; init; } = "";
}

public sealed record EventPoint(int Step, string TrainAcc, string TestAcc);

public sealed record CheckpointLine(string Kind, int Step, string File, string Sha256);

/// <summary>The Analyze stage's measures for one dataset × scenario: starting checkpoints compared, and changes through unlearning.</summary>
public sealed record MechanismSection(
    string Dataset,
    string Scenario,
    string Seeds,
    IReadOnlyList<string> Starts,
    bool HasPaired,
    IReadOnlyList<MechanismTable> Tables,
    IReadOnlyList<MechanismTrajectory> Through,
    IReadOnlyList<string> Cost);

public sealed record MechanismTable(string Measure, string Description, IReadOnlyList<MechanismLine> Lines);

/// <summary>One row: a layer × input set × detail, a summary per starting checkpoint, and θ_grok − θ_pre paired by seed.</summary>
public sealed record MechanismLine(string Layer, string Set, string Detail, IReadOnlyList<string> Values, string GrokMinusPre, string Significance);

public sealed record MechanismTrajectory(string Label, string Layer, string Detail, string Figure, IReadOnlyList<MechanismLine> States);

public sealed record SetupLine(string Kind, string Name, string Values);

/// <summary>The Performance section: the PyTorch comparison and this profile's throughput, from the Benchmark target's tables.</summary>
public sealed record PerformanceModel(string Machine, string Date, string Environment, IReadOnlyList<PerformanceLine> Comparison,
    IReadOnlyList<PerformanceGoal> Goals, IReadOnlyList<ThroughputLine> Throughput, IReadOnlyList<PerformanceStack> Stacks);

/// <summary>A stack of the comparison: its version, BLAS and the settings it ran with.</summary>
public sealed record PerformanceStack(string Stack, string Version, string Blas, string Settings);

public sealed record PerformanceLine(string Workload, string Title, string Stack, string Measure, string PerSecond, string FirstRound, string Ratio,
    string RatioTuned, string Gflops, string PercentOfPeak, string FaultsPerOp, string Note);

public sealed record PerformanceGoal(string Goal, string Measured, string Verdict);

public sealed record ThroughputLine(string Dataset, string Model, string Recipe, string Batch, string StepsPerSecond, string EvalMs, string EvalEvery, string EvalShare);

/// <summary>The language track's results: per forget split × method × checkpoint, and θ_grok vs θ_pre per method.</summary>
/// <summary>The language section: per split × method × start the TOFU metrics; the claims over seeds, paired by seed, with their counts.</summary>
public sealed record LanguageModel(string Tolerance, IReadOnlyList<LanguageLine> Lines, IReadOnlyList<ClaimRow> Claims, IReadOnlyList<ClaimSummary> Summaries);

public sealed record LanguageLine(string Split, string Method, string Checkpoint, int Seeds, string Status, string StepsToTarget,
    string ForgetEs, string OracleEs, string ForgetQuality, string ModelUtility, string RetainEs, string ForgetRouge, string HeldOutAcc);

