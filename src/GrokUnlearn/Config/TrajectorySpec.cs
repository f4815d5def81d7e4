namespace GrokUnlearn.Config;

/// <summary>
/// The paper's Figure 1(b): one method with its fixed budget applied at many checkpoints along each unlearned training
/// run. Training publishes every <see cref="Every"/>-th evaluation as checkpoint <c>traj-k</c> (step k × Every ×
/// eval_every); the Unlearn stage runs <see cref="Method"/> under <see cref="Scenario"/> from each of them. Positions
/// past the end of a run (it stopped early) are cells with status "not reached". <see cref="Steps"/> replaces the
/// method's update budget for these cells only (null: the method's own), so the figure can show partial forgetting.
/// </summary>
public sealed record TrajectorySpec(int Every, string Method, string Scenario, int? Steps)
{
    public const string Prefix = "traj-";

    /// <summary>The checkpoint label of position k (1-based).</summary>
    public static string Label(int k) => Prefix + k.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsTrajectory(string checkpoint) => checkpoint.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>How many positions a run with this recipe can reach: max_steps / (Every × eval_every).</summary>
    public int Positions(RecipeSpec recipe) => recipe.MaxSteps / (Every * recipe.EvalEvery);
}
