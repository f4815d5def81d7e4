using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Tasks;

namespace GrokUnlearn.Tests.Unit.Unlearning;

public sealed class ForgetSplitTests
{
    private static readonly IReadOnlyList<ModularPairRow> Pairs = ModularArithmetic.Generate(new ModularDatasetSpec("d", ModularOp.Add, 31, 0.5, 0));
    private static readonly List<ModularPairRow> Train = Pairs.Where(r => r.Split == "train").ToList();

    [Fact]
    public void Class_Should_Forget_Every_Training_Pair_Of_The_Listed_Answers_And_Nothing_Else()
    {
        var rows = ForgetSplit.Select(Pairs, new ScenarioSpec("s", ScenarioKind.Class, [3, 5], 1, 0));

        Assert.Equal(Train.Count, rows.Count);
        Assert.Equal(Train.Where(r => r.C is 3 or 5).Select(r => r.Index).Order(), rows.Where(r => r.Role == "forget").Select(r => r.Index).Order());
    }

    [Fact]
    public void PartialClass_Should_Forget_The_Rounded_Fraction_Of_Each_Listed_Class()
    {
        var rows = ForgetSplit.Select(Pairs, new ScenarioSpec("s", ScenarioKind.PartialClass, [3, 5], 0.5, 1));

        foreach (var c in new[] { 3, 5 })
        {
            var n = Train.Count(r => r.C == c);
            Assert.Equal((int)Math.Round(0.5 * n, MidpointRounding.AwayFromZero), rows.Count(r => r.Role == "forget" && r.C == c));
        }
        Assert.DoesNotContain(rows, r => r.Role == "forget" && r.C is not (3 or 5));
    }

    [Fact]
    public void Random_Should_Be_Seeded_And_Sized_By_Fraction()
    {
        var a = ForgetSplit.Select(Pairs, new ScenarioSpec("s", ScenarioKind.Random, [], 0.15, 0));
        var b = ForgetSplit.Select(Pairs, new ScenarioSpec("s", ScenarioKind.Random, [], 0.15, 0));
        var c = ForgetSplit.Select(Pairs, new ScenarioSpec("s", ScenarioKind.Random, [], 0.15, 1));

        Assert.Equal((int)Math.Round(0.15 * Train.Count, MidpointRounding.AwayFromZero), a.Count(r => r.Role == "forget"));
        Assert.Equal(a.Select(r => r.Role), b.Select(r => r.Role));
        Assert.NotEqual(a.Select(r => r.Role), c.Select(r => r.Role));
    }

    [Fact]
    public void The_Oracle_Should_See_No_Forget_Pair_In_Its_Training_Split()
    {
        var forget = Train.Where(r => r.C == 3).Select(r => r.Index).ToHashSet();

        using var task = new ModularTask(Pairs, 31, null);

        var train = task.TrainingRows(forget);
        var test = task.TestRows(forget);

        Assert.Equal(Train.Count - forget.Count, train.Count);
        Assert.Equal(Pairs.Count(r => r.Split == "test"), test.Count);
        Assert.DoesNotContain(train, r => forget.Contains(r.Index));
    }
}
