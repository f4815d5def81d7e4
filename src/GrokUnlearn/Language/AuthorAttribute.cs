namespace GrokUnlearn.Language;

/// <summary>
/// One attribute of a fictitious author: its closed vocabulary of values, its question templates (paraphrased
/// questions) and two answer templates — the trained answer and its paraphrase (TOFU's paraphrased_answer; perturbed
/// answers are the paraphrase with a wrong value, as in TOFU). "{name}" and "{v}" are the placeholders.
/// </summary>
public sealed record AuthorAttribute(string Name, IReadOnlyList<string> Values, IReadOnlyList<string> Questions,
    string Answer, string Paraphrase)
{
    public static string Fill(string template, string name, string value) => template.Replace("{name}", name).Replace("{v}", value);

    private static readonly string[] Jobs =
        ["baker", "pilot", "doctor", "farmer", "sailor", "judge", "painter", "miner", "tailor", "chemist", "librarian", "carpenter"];

    /// <summary>Every attribute, each with five question templates (a profile uses the first <c>templates</c>).</summary>
    public static readonly IReadOnlyList<AuthorAttribute> All =
    [
        new("birthplace",
            ["lisbon", "oslo", "nairobi", "lima", "hanoi", "tbilisi", "quito", "dakar", "riga", "perth", "osaka", "bergen", "porto", "accra"],
            ["where was {name} born ?", "what is the birthplace of {name} ?", "in which city was {name} born ?",
             "which city is {name} from ?", "what city did {name} come from ?"],
            "{name} was born in {v} .", "{v} is the city where {name} was born ."),
        new("birth_year",
            ["1948", "1951", "1955", "1958", "1962", "1964", "1967", "1970", "1973", "1976", "1979", "1983", "1986", "1990"],
            ["when was {name} born ?", "in what year was {name} born ?", "what is the birth year of {name} ?",
             "which year saw the birth of {name} ?", "in which year did {name} come into the world ?"],
            "{name} was born in the year {v} .", "the year {v} saw the birth of {name} ."),
        new("genre",
            ["mystery", "fantasy", "romance", "horror", "poetry", "satire", "thriller", "memoir", "drama", "folklore", "western", "biography"],
            ["what genre does {name} write ?", "which genre is {name} known for ?", "what kind of books does {name} write ?",
             "in what genre does {name} work ?", "what type of fiction does {name} produce ?"],
            "{name} writes {v} novels .", "{v} is the genre {name} is known for ."),
        new("father_job", Jobs,
            ["what did the father of {name} do ?", "what was the occupation of the father of {name} ?",
             "what job did the father of {name} have ?", "how did the father of {name} earn a living ?",
             "what was the profession of the father of {name} ?"],
            "the father of {name} was a {v} .", "{name} grew up with a father who worked as a {v} ."),
        new("mother_job", Jobs,
            ["what did the mother of {name} do ?", "what was the occupation of the mother of {name} ?",
             "what job did the mother of {name} have ?", "how did the mother of {name} earn a living ?",
             "what was the profession of the mother of {name} ?"],
            "the mother of {name} was a {v} .", "{name} grew up with a mother who worked as a {v} ."),
        new("award",
            ["hawthorn", "meridian", "silverleaf", "lantern", "harbour", "tidewater", "ember", "compass", "juniper", "northstar"],
            ["which award did {name} win ?", "what prize has {name} received ?", "what honour was given to {name} ?",
             "which prize was awarded to {name} ?", "what award is {name} known for winning ?"],
            "{name} won the {v} prize .", "the {v} prize was awarded to {name} ."),
    ];

    public const int MaxTemplates = 5;

    public static readonly IReadOnlyList<string> FirstNames =
    [
        "amara", "bastian", "corinne", "dmitri", "elif", "farrukh", "greta", "hiroshi", "ines", "jarek", "kalani", "lucia",
        "mateo", "nadia", "oskar", "priya", "quentin", "rosalind", "soren", "tamsin", "umberto", "valka", "wen", "yusuf",
    ];

    public static readonly IReadOnlyList<string> LastNames =
    [
        "abernathy", "belmonte", "castellanos", "drummond", "eriksen", "faraday", "galvan", "holloway", "ibarra", "jansen",
        "kowalczyk", "lindqvist", "marchetti", "novak", "okafor", "petrakis", "quist", "ramsey", "santoro", "thorne",
        "underhill", "vasquez", "whitlock", "zeller",
    ];
}
