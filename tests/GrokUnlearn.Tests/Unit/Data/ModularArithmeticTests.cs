using GrokUnlearn.Config;
using GrokUnlearn.Data;

namespace GrokUnlearn.Tests.Unit.Data;

public sealed class ModularArithmeticTests
{
    [Theory]
    [InlineData(ModularOp.Add, 5, 9, 3)]   // 14 mod 11
    [InlineData(ModularOp.Sub, 2, 9, 4)]   // −7 mod 11
    [InlineData(ModularOp.Mul, 7, 8, 1)]   // 56 mod 11
    [InlineData(ModularOp.Div, 3, 4, 9)]   // 4⁻¹ = 3 (12 ≡ 1), 3·3 = 9
    public void Should_Compute_The_Hand_Checked_Result(ModularOp op, int a, int b, int expected) =>
        Assert.Equal(expected, ModularArithmetic.Apply(op, a, b, 11));

    [Fact]
    public void Should_Invert_Every_Nonzero_Residue()
    {
        for (var b = 1; b < 97; b++) Assert.Equal(1, b * ModularArithmetic.Inverse(b, 97) % 97);
    }

    [Fact]
    public void Should_Split_All_Pairs_Deterministically_By_Seed()
    {
        var spec = new ModularDatasetSpec("d", ModularOp.Div, 11, 0.3, 7);

        var first = ModularArithmetic.Generate(spec);
        var again = ModularArithmetic.Generate(spec);
        var other = ModularArithmetic.Generate(spec with { SplitSeed = 8 });

        Assert.Equal(11 * 10, first.Count);                       // b ≠ 0 for division
        Assert.Equal(33, first.Count(r => r.Split == "train"));   // round(0.3 · 110)
        Assert.Equal(first.Select(r => r.Split), again.Select(r => r.Split));
        Assert.NotEqual(first.Select(r => r.Split), other.Select(r => r.Split));
        Assert.All(first, r => Assert.Equal(r.A, r.B * r.C % 11));
    }
}
