using System.Text.Json.Serialization;

namespace GrokUnlearn.Language;

/// <summary>
/// One question of a language knowledge base (artifacts/data/&lt;dataset&gt;/qa.parquet), in TOFU's fields: question,
/// answer, paraphrased_answer, perturbed_answer; plus where it belongs (split, forget level).
/// </summary>
public sealed class QaRow
{
    public const int SchemaVersion = 1;

    /// <summary>Trained: an author's question in a trained template.</summary>
    public const string Train = "train";
    /// <summary>A trained author's fact asked in a template kept out of training (generalisation).</summary>
    public const string HeldOutTemplate = "heldout_template";
    /// <summary>An author never trained on (TOFU's holdout, for membership inference).</summary>
    public const string Holdout = "holdout";
    /// <summary>Fixed general-knowledge facts, trained with every model (the utility probe).</summary>
    public const string WorldFacts = "world_facts";

    [JsonPropertyName("id")] public int Id { get; set; }
    [JsonPropertyName("author")] public string Author { get; set; } = "";
    [JsonPropertyName("author_index")] public int AuthorIndex { get; set; }
    [JsonPropertyName("attribute")] public string Attribute { get; set; } = "";
    [JsonPropertyName("template")] public int Template { get; set; }
    [JsonPropertyName("question")] public string Question { get; set; } = "";
    [JsonPropertyName("answer")] public string Answer { get; set; } = "";
    [JsonPropertyName("paraphrased_answer")] public string ParaphrasedAnswer { get; set; } = "";
    [JsonPropertyName("perturbed_answer")] public List<string> PerturbedAnswers { get; set; } = [];
    /// <summary><see cref="Train"/>, <see cref="HeldOutTemplate"/>, <see cref="Holdout"/> or <see cref="WorldFacts"/>.</summary>
    [JsonPropertyName("split")] public string Split { get; set; } = "";
    /// <summary>The smallest forget split holding this author (1, 5 or 10: forget01 ⊂ forget05 ⊂ forget10); 0 = retained by all.</summary>
    [JsonPropertyName("forget_percent")] public int ForgetPercent { get; set; }

    public bool Trained => Split is Train or WorldFacts;
}
