namespace GrokUnlearn.Pipeline;

/// <summary>
/// The CLI's slice selectors, combined with AND: <c>--cell</c> (substring of the cell id), <c>--method</c> (an unlearn or
/// analyze cell's method: a name selects all its learning-rate grid points, a label such as GA@lr=3e-4 one of them;
/// "none" selects the before-unlearning analyses; case-insensitive; cells of other stages pass), <c>--seed</c> (the training seed of train, oracle,
/// unlearn, local-grokking label and analyze cells; data and report cells pass), <c>--only-cell</c> (exactly this cell id: what a Slurm array task runs).
/// </summary>
public static class CellFilter
{
    public static Func<StageCell, bool> Create(string? idContains, string? method, int? seed, string? exactId = null) => cell =>
        (exactId is null || cell.Id == exactId)
        && (idContains is null || cell.Id.Contains(idContains, StringComparison.Ordinal))
        && (method is null || cell switch
        {
            UnlearnCell u => string.Equals(u.Method.Name, method, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Method.Label, method, StringComparison.OrdinalIgnoreCase),
            AnalyzeCell a => string.Equals(a.Method, method, StringComparison.OrdinalIgnoreCase),
            _ => true,
        })
        && (seed is null || cell switch
        {
            TrainCell t => t.Seed == seed,
            UnlearnCell cellOfRun => cellOfRun.Run.Seed == seed,
            LocalGrokCell labels => labels.Run.Seed == seed,
            AnalyzeCell analyzed => analyzed.Run.Seed == seed,
            _ => true,
        });
}
