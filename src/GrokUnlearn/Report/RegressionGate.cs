using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GrokUnlearn.Analysis;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Report;

/// <summary>
/// The nightly regression gate: every unlearn result (UA, RA, TA after unlearning, steps to target; for the language
/// track forget ES, retain ES, model utility, steps to target) must stay within the reference file's tolerance band,
/// and no claim verdict may flip. The reference (configs/reference/&lt;profile&gt;.json)
/// is reviewed data: it changes only through <c>gate --update</c>, and the diff shows what moved.
/// </summary>
public static class RegressionGate
{
    // Relaxed escaping keeps θ and − readable in the reviewed reference file (it is never embedded in HTML).
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ReferencePath(string root, string profile) => Path.Combine(root, "configs", "reference", profile + ".json");

    /// <summary>The current values of a profile's results and verdicts, as the gate compares them.</summary>
    public static async Task<GateReference> SnapshotAsync(PipelinePlan plan, string profile, GateTolerance tolerance)
    {
        var outputs = await PipelineOutputs.ReadAsync(plan.Report.Unlearn, plan.Analyze.Where(a => a.After is null), withCurves: false);
        var values = outputs.Results.OrderBy(r => r.Cell, StringComparer.Ordinal)
            .Select(r => new GateResult(r.Cell, r.Status, r.Ua, r.Ra, r.Ta, r.StepsToTarget)).ToList();
        var verdicts = ClaimVerdicts.Evaluate(outputs.Results, outputs.BeforeUnlearning)
            .Select(c => new GateVerdict($"{c.Claim} | {c.Dataset} | {c.Scenario} | {c.Method} | {c.Metric}", c.Verdict)).ToList();
        var language = new List<GateLanguageResult>();
        foreach (var cell in plan.Report.LanguageUnlearn.Concat(plan.Report.LocalGrokking).OrderBy(c => c.Id, StringComparer.Ordinal))
            foreach (var r in (await ParquetTable.ReadAsync<Language.Unlearning.LanguageResultRow>(cell.LockTable)).Rows)
                language.Add(r.Status != "done" ? new GateLanguageResult(r.Cell, r.Status, null, null, null, null)
                    // A Table 2 cell measures Extraction Strength on its forget and retain sets only.
                    : cell.IsLocalGrokking ? new GateLanguageResult(r.Cell, r.Status, Finite(r.ForgetEs), Finite(r.RetainSetEs), null, null)
                    : new GateLanguageResult(r.Cell, r.Status, Finite(r.ForgetEs), Finite(r.RetainEs), Finite(r.ModelUtility), r.StepsToTarget));
        return new GateReference(profile, tolerance, values, verdicts, language);
    }

    /// <summary>NaN (a metric the cell does not measure) as null, so the reference stays valid JSON.</summary>
    private static double? Finite(double value) => double.IsNaN(value) ? null : value;

    /// <summary>Every difference outside the band, in words; empty when the gate passes.</summary>
    public static IReadOnlyList<string> Compare(GateReference reference, GateReference current)
    {
        var failures = new List<string>();
        var t = reference.Tolerance;
        CompareCells(failures, reference.Results, current.Results, r => r.Cell, r => r.Status, (cell, r, c) =>
        {
            Check(failures, cell, "ua", r.Ua, c.Ua, t.Accuracy);
            Check(failures, cell, "ra", r.Ra, c.Ra, t.Accuracy);
            Check(failures, cell, "ta", r.Ta, c.Ta, t.Accuracy);
            Check(failures, cell, "steps_to_target", r.StepsToTarget, c.StepsToTarget, t.Steps);
        });
        CompareCells(failures, reference.LanguageResults ?? [], current.LanguageResults ?? [], r => r.Cell, r => r.Status, (cell, r, c) =>
        {
            Check(failures, cell, "forget_es", r.ForgetEs, c.ForgetEs, t.Accuracy);
            Check(failures, cell, "retain_es", r.RetainEs, c.RetainEs, t.Accuracy);
            Check(failures, cell, "model_utility", r.ModelUtility, c.ModelUtility, t.Accuracy);
            Check(failures, cell, "steps_to_target", r.StepsToTarget, c.StepsToTarget, t.Steps);
        });
        var verdicts = current.Verdicts.ToDictionary(v => v.Key, v => v.Verdict);
        foreach (var v in reference.Verdicts)
            if (!verdicts.TryGetValue(v.Key, out var now2)) failures.Add($"claim [{v.Key}]: missing from this run");
            else if (now2 != v.Verdict) failures.Add($"claim [{v.Key}]: verdict flipped from '{v.Verdict}' to '{now2}'");
        foreach (var extra in current.Verdicts.Select(v => v.Key).Except(reference.Verdicts.Select(v => v.Key)))
            failures.Add($"claim [{extra}]: evaluated by this run but not in the reference (update it on purpose: gate --update)");
        return failures;
    }

    /// <summary>Cells matched by id: a missing or extra cell and a changed status fail; <paramref name="checkFields"/> checks the values.</summary>
    private static void CompareCells<T>(List<string> failures, IReadOnlyList<T> reference, IReadOnlyList<T> current, Func<T, string> cellOf,
        Func<T, string> statusOf, Action<string, T, T> checkFields)
    {
        var now = current.ToDictionary(cellOf);
        foreach (var r in reference)
        {
            var cell = cellOf(r);
            if (!now.TryGetValue(cell, out var c))
            {
                failures.Add($"{cell}: in the reference but not produced by this run");
                continue;
            }
            if (statusOf(c) != statusOf(r)) failures.Add($"{cell}: status '{statusOf(c)}', reference '{statusOf(r)}'");
            checkFields(cell, r, c);
        }
        foreach (var extra in now.Keys.Except(reference.Select(cellOf)))
            failures.Add($"{extra}: produced by this run but not in the reference (update it on purpose: gate --update)");
    }

    public static GateReference Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<GateReference>(File.ReadAllText(path), Json)
                ?? throw new Config.ConfigException($"{path}: empty reference file.");
        }
        catch (JsonException ex)
        {
            throw new Config.ConfigException($"{path}: not a valid gate reference ({ex.Message}); regenerate it with `gate --update`.");
        }
    }

    public static void Write(string path, GateReference reference) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(reference, Json) + "\n");

    private static void Check(List<string> failures, string cell, string field, double? reference, double? current, double tolerance)
    {
        if (reference is null && current is null) return;
        if (reference is null || current is null)
        {
            failures.Add($"{cell}: {field} is {Show(current)}, reference {Show(reference)}");
            return;
        }
        if (Math.Abs(reference.Value - current.Value) > tolerance)
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{cell}: {field} {current.Value:G4} is outside the band {reference.Value:G4} ± {tolerance}"));
    }

    private static string Show(double? v) => v is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "none";
}

/// <summary>How far a nightly value may move before the gate fails (absolute): accuracies, and updates to target.</summary>
public sealed record GateTolerance(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("steps")] double Steps);

public sealed record GateResult(
    [property: JsonPropertyName("cell")] string Cell,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("ua")] double? Ua,
    [property: JsonPropertyName("ra")] double? Ra,
    [property: JsonPropertyName("ta")] double? Ta,
    [property: JsonPropertyName("steps_to_target")] int? StepsToTarget);

public sealed record GateVerdict(
    [property: JsonPropertyName("claim")] string Key,
    [property: JsonPropertyName("verdict")] string Verdict);

/// <summary>A language cell's gated values: forget and retain Extraction Strength, model utility, updates to target.</summary>
public sealed record GateLanguageResult(
    [property: JsonPropertyName("cell")] string Cell,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("forget_es")] double? ForgetEs,
    [property: JsonPropertyName("retain_es")] double? RetainEs,
    [property: JsonPropertyName("model_utility")] double? ModelUtility,
    [property: JsonPropertyName("steps_to_target")] int? StepsToTarget);

/// <summary>The reviewed reference; <see cref="LanguageResults"/> is absent (null) in files from before the language track.</summary>
public sealed record GateReference(
    [property: JsonPropertyName("profile")] string Profile,
    [property: JsonPropertyName("tolerance")] GateTolerance Tolerance,
    [property: JsonPropertyName("results")] IReadOnlyList<GateResult> Results,
    [property: JsonPropertyName("verdicts")] IReadOnlyList<GateVerdict> Verdicts,
    [property: JsonPropertyName("language_results")] IReadOnlyList<GateLanguageResult>? LanguageResults = null);
