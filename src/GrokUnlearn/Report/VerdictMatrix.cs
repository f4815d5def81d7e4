namespace GrokUnlearn.Report;

/// <summary>
/// Which claim holds for which method at a glance: one matrix per dataset × checkpoint protocol, a row per claim ×
/// scenario, a column per method; a cell holds one mark per comparison (metric) that links to its row in the claims
/// table. Built from the same <see cref="ClaimRow"/>s as that table; a row's anchor is its index there.
/// </summary>
public sealed record VerdictMatrix(string Dataset, string Protocol, IReadOnlyList<string> Methods, IReadOnlyList<VerdictMatrixRow> Rows)
{
    /// <summary>The method column of comparisons made before unlearning (the mechanism claim).</summary>
    public const string NoMethod = "none (before)";

    /// <param name="claims">The claims table's rows, in its order.</param>
    /// <param name="anchorPrefix">The claims table's row ids: prefix + index.</param>
    public static IReadOnlyList<VerdictMatrix> Build(IReadOnlyList<ClaimRow> claims, string anchorPrefix)
    {
        var indexed = claims.Select((c, i) => (Claim: c, Anchor: anchorPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return indexed
            .GroupBy(x => (x.Claim.Dataset, Protocol: ClaimSummary.ProtocolOf(x.Claim)))
            .OrderBy(g => g.Key.Protocol == "paper" ? 1 : 0).ThenBy(g => g.Key.Dataset, StringComparer.Ordinal)
            .Select(g =>
            {
                static string Column(ClaimRow c) => c.Method == "—" ? NoMethod : c.Method;
                var methods = g.Select(x => Column(x.Claim)).Distinct().OrderBy(m => m == NoMethod ? 1 : 0).ToList();
                var rows = g.GroupBy(x => (x.Claim.Claim, x.Claim.Scenario))
                    .OrderBy(r => r.Key.Claim, StringComparer.Ordinal).ThenBy(r => r.Key.Scenario, StringComparer.Ordinal)
                    .Select(r => new VerdictMatrixRow(ClaimSummary.ShortName(r.Key.Claim, withNumber: true), r.Key.Scenario, methods
                        .Select(m => new VerdictMatrixCell(r.Where(x => Column(x.Claim) == m)
                            .Select(x => new VerdictMark(x.Claim.Verdict, x.Anchor, Title(x.Claim))).ToList()))
                        .ToList()))
                    .ToList();
                return new VerdictMatrix(g.Key.Dataset, g.Key.Protocol, methods, rows);
            })
            .ToList();
    }

    /// <summary>The statistics a mark stands for, as its tooltip: metric, effect and p.</summary>
    private static string Title(ClaimRow c) =>
        $"{c.Metric.Replace(ClaimVerdicts.PaperProtocolLabel, "", StringComparison.Ordinal)}: effect {c.Effect}, p {c.PT}";
}

public sealed record VerdictMatrixRow(string Claim, string Scenario, IReadOnlyList<VerdictMatrixCell> Cells);

/// <summary>The comparisons of one claim × scenario × method; empty when that method was not compared there.</summary>
public sealed record VerdictMatrixCell(IReadOnlyList<VerdictMark> Marks);

public sealed record VerdictMark(string Verdict, string Anchor, string Title);
