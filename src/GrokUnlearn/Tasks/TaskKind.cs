namespace GrokUnlearn.Tasks;

/// <summary>The three kinds of task GrokUnlearn trains, unlearns and analyses; methods and measures declare which they support.</summary>
public enum TaskKind
{
    /// <summary>a ∘ b mod p with an embedding MLP: inputs are operand pairs, labels the answer class.</summary>
    Modular,
    /// <summary>Image classification: inputs are C×H×W images, labels the class.</summary>
    Image,
    /// <summary>Question answering with a decoder transformer: inputs are token sequences, targets the answer tokens.</summary>
    Language,
}

public static class TaskKinds
{
    /// <summary>The task kind a dataset spec yields (known from the profile alone, before any data exists).</summary>
    public static TaskKind Of(Config.DatasetSpec spec) => spec switch
    {
        Config.ModularDatasetSpec => TaskKind.Modular,
        Config.ImageDatasetSpec => TaskKind.Image,
        Config.AuthorsDatasetSpec => TaskKind.Language,
        _ => throw new NotSupportedException($"dataset kind {spec.Kind} has no task."),
    };

    public static string Name(TaskKind kind) => kind switch
    {
        TaskKind.Modular => "modular",
        TaskKind.Image => "image",
        _ => "language",
    };

    /// <summary>Classifier tasks: one label per input, UA/RA/TA metrics.</summary>
    public static readonly IReadOnlySet<TaskKind> Classifiers = new HashSet<TaskKind> { TaskKind.Modular, TaskKind.Image };

    public static readonly IReadOnlySet<TaskKind> All = new HashSet<TaskKind> { TaskKind.Modular, TaskKind.Image, TaskKind.Language };

    public static readonly IReadOnlySet<TaskKind> LanguageOnly = new HashSet<TaskKind> { TaskKind.Language };

    public static string Describe(IEnumerable<TaskKind> kinds) => string.Join(", ", kinds.Order().Select(Name));
}
