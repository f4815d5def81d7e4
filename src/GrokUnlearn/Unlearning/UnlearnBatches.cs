using GrokUnlearn.Config;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Hands out each update's <see cref="UnlearnBatch"/>. A forget batch size of 0 means the whole forget set every update;
/// otherwise that many forget rows are drawn with replacement. A retain batch size of 0 means the whole retain set,
/// <see cref="SameAsForget"/> as many rows as the forget batch (open-unlearning pairs each forget item with a retain
/// item), any other value that many. Draws come from generators seeded by the method's seed and the update alone, so
/// θ_pre and θ_grok see the same rows and a batch never depends on what a method drew before.
/// </summary>
public sealed class UnlearnBatches(UnlearnData data, int forgetBatch, int retainBatch, ulong seed)
{
    public const int SameAsForget = Config.UnlearnSettings.SameAsForget;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong ForgetSalt = 0x464F52474554UL;
    private const ulong RefusalSalt = 0x49444B5F5245UL;

    public bool FullForget => forgetBatch <= 0 || forgetBatch >= data.ForgetCount;

    /// <summary>The batch of update <paramref name="step"/> (1-based); tensors drawn here belong to the caller's dispose scope.</summary>
    public UnlearnBatch For(int step)
    {
        Tensor fx = data.ForgetX, fy = data.ForgetY;
        var rows = arange(data.ForgetCount, dtype: ScalarType.Int64, device: data.ForgetX.device);
        if (!FullForget)
        {
            using var generator = new Generator(unchecked(seed + (ulong)step * Golden) ^ ForgetSalt);
            rows = randint(0, data.ForgetCount, [forgetBatch], generator: generator).to(data.ForgetX.device);
            (fx, fy) = (data.ForgetX.index_select(0, rows), data.ForgetY.index_select(0, rows));
        }
        var (ix, iy) = Refusals(rows, step);
        var count = retainBatch == SameAsForget ? fy.shape[0] : retainBatch;
        if (count <= 0) return new UnlearnBatch(fx, fy, data.RetainX, data.RetainY, ix, iy);
        var (rx, ry) = Draw(data.RetainX, data.RetainY, count, seed, step);
        return new UnlearnBatch(fx, fy, rx, ry, ix, iy);
    }

    /// <summary>
    /// One refusal answer per forget row of the batch, drawn anew every update (open-unlearning's QAwithIdkDataset draws
    /// one each time an item is fetched), from a generator seeded by the method's seed and the update.
    /// </summary>
    private (Tensor? X, Tensor? Y) Refusals(Tensor rows, int step)
    {
        if (data.IdkX is null || data.IdkY is null) return (null, null);
        var choices = data.IdkChoices;
        using var generator = new Generator(unchecked(seed + (ulong)step * Golden) ^ RefusalSalt);
        var answer = randint(0, choices, [rows.shape[0]], generator: generator).to(rows.device);
        var index = rows * choices + answer;
        return (data.IdkX.index_select(0, index), data.IdkY.index_select(0, index));
    }

    /// <summary><paramref name="count"/> rows drawn with replacement, from a generator seeded by seed and update.</summary>
    public static (Tensor X, Tensor Y) Draw(Tensor x, Tensor y, long count, ulong seed, int step)
    {
        using var generator = new Generator(unchecked(seed + (ulong)step * Golden));
        var index = randint(0, x.shape[0], [count], generator: generator).to(x.device);
        return (x.index_select(0, index), y.index_select(0, index));
    }
}
