namespace GrokUnlearn.Language;

/// <summary>
/// The fixed general-knowledge set (TOFU's world_facts analogue): capital cities, trained with every model and never
/// forgotten, so damage to it measures collateral harm. Perturbed answers are other capitals.
/// </summary>
public static class WorldFacts
{
    public static readonly IReadOnlyList<(string Country, string Capital)> Capitals =
    [
        ("france", "paris"), ("japan", "tokyo"), ("egypt", "cairo"), ("canada", "ottawa"), ("brazil", "brasilia"),
        ("italy", "rome"), ("spain", "madrid"), ("india", "delhi"), ("china", "beijing"), ("russia", "moscow"),
        ("germany", "berlin"), ("greece", "athens"), ("chile", "santiago"), ("ireland", "dublin"), ("poland", "warsaw"),
        ("austria", "vienna"),
    ];

    public const string Question = "what is the capital of {country} ?";
    public const string Answer = "the capital of {country} is {v} .";
    public const string Paraphrase = "{v} is the capital city of {country} .";

    public static string Fill(string template, string country, string capital) =>
        template.Replace("{country}", country).Replace("{v}", capital);
}
