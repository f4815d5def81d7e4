using System.Text.Json;

namespace GrokUnlearn.Language;

/// <summary>
/// Reads the real TOFU data (HF locuslab/TOFU, JSON lines, one object per line) from a local folder, so the language
/// metrics run on it unchanged: <c>&lt;split&gt;.json</c> (or <c>.jsonl</c>) with question and answer; the
/// <c>*_perturbed</c> splits add paraphrased_answer (forget / retain) and perturbed_answer (a list). Every error names
/// the file and the line.
/// </summary>
public static class TofuFiles
{
    /// <summary>Question–answer splits: question, answer.</summary>
    public static readonly string[] PlainSplits =
        ["full", "forget01", "forget05", "forget10", "retain90", "retain95", "retain99", "holdout01", "holdout05", "holdout10"];

    /// <summary>Splits with paraphrased_answer and perturbed_answer.</summary>
    public static readonly string[] ParaphrasedSplits = ["forget01_perturbed", "forget05_perturbed", "forget10_perturbed", "retain_perturbed"];

    /// <summary>Splits with perturbed_answer but no paraphrase (the truth ratio compares the answer itself).</summary>
    public static readonly string[] OptionSplits = ["real_authors_perturbed", "world_facts_perturbed"];

    public static IReadOnlyList<string> Splits => [.. PlainSplits, .. ParaphrasedSplits, .. OptionSplits];

    /// <summary>The file of a split in <paramref name="folder"/> (.json as on the hub, or .jsonl).</summary>
    public static string PathOf(string folder, string split)
    {
        if (!Splits.Contains(split))
            throw new TofuFormatException($"unknown TOFU split '{split}'; allowed values: {string.Join(", ", Splits)}.");
        var json = Path.Combine(folder, split + ".json");
        var jsonl = Path.Combine(folder, split + ".jsonl");
        return File.Exists(json) ? json : File.Exists(jsonl) ? jsonl
            : throw new TofuFormatException($"{json}: TOFU split '{split}' not found (looked for {split}.json and {split}.jsonl in {folder}).");
    }

    public static IReadOnlyList<TofuItem> Load(string folder, string split) => Read(PathOf(folder, split), split);

    /// <summary>Parses one split's file; fields are checked against what that split must carry.</summary>
    public static IReadOnlyList<TofuItem> Read(string path, string split)
    {
        if (!Splits.Contains(split))
            throw new TofuFormatException($"unknown TOFU split '{split}'; allowed values: {string.Join(", ", Splits)}.");
        var paraphrased = ParaphrasedSplits.Contains(split);
        var perturbed = paraphrased || OptionSplits.Contains(split);
        var items = new List<TofuItem>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(line);
                root = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new TofuFormatException($"{path}:{number}: not a JSON object ({ex.Message}).");
            }
            if (root.ValueKind != JsonValueKind.Object) throw new TofuFormatException($"{path}:{number}: expected a JSON object, found {root.ValueKind}.");
            var question = Text(root, "question", path, number);
            var answer = Text(root, "answer", path, number);
            var paraphrase = paraphrased ? Text(root, "paraphrased_answer", path, number) : null;
            var wrong = perturbed ? TextList(root, "perturbed_answer", path, number) : [];
            items.Add(new TofuItem(question, answer, paraphrase, wrong));
        }
        if (items.Count == 0) throw new TofuFormatException($"{path}: no questions in the file.");
        return items;
    }

    private static string Text(JsonElement root, string field, string path, int line) =>
        root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new TofuFormatException($"{path}:{line}: field '{field}' {(root.TryGetProperty(field, out _) ? "must be a string" : "is missing")}.");

    private static IReadOnlyList<string> TextList(JsonElement root, string field, string path, int line)
    {
        if (!root.TryGetProperty(field, out var v))
            throw new TofuFormatException($"{path}:{line}: field '{field}' is missing.");
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0 || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new TofuFormatException($"{path}:{line}: field '{field}' must be a non-empty list of strings.");
        return v.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}
