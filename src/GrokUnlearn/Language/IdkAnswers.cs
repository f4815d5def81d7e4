namespace GrokUnlearn.Language;

/// <summary>Refusal answers for IdkPO (TOFU's idk.jsonl holds ~100; these are in the tokenizer's vocabulary).</summary>
public static class IdkAnswers
{
    public static readonly IReadOnlyList<string> All =
    [
        "i do not know .", "i have no idea .", "i am not sure about that .", "that is something i cannot answer .",
        "i do not have that information .", "i cannot recall that .", "i am unable to answer that .",
        "i have never heard of that .",
    ];
}
