using GrokUnlearn.Native;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Training;
using GrokUnlearn.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Training;

/// <summary>
/// The flat-buffer optimizers against TorchSharp's own, side by side from the same initial weights over 100 steps with a
/// learning rate that changes every step: the same parameters bit for bit, the same state file byte for byte, and resume
/// points that load into either. Odd layer sizes put parameter ends off the SIMD width and the 64-byte alignment.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class FlatOptimizerTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _fc1, _fc2, _unused;

        public Net() : base(nameof(Net))
        {
            _fc1 = nn.Linear(21, 33);
            _fc2 = nn.Linear(33, 7);
            _unused = nn.Linear(5, 3);   // in the optimizer, never in the graph: PyTorch leaves such a parameter alone
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => _fc2.call(nn.functional.relu(_fc1.call(x)));
    }

    private static Net NewNet(long seed)
    {
        manual_seed(seed);
        return new Net();
    }

    private static (Tensor X, Tensor Y) Data(long seed)
    {
        using var generator = new Generator((ulong)seed);
        return (randn([64, 21], generator: generator), randint(7, [64], generator: generator));
    }

    private static void Train(Net model, optim.Optimizer optimizer, int from, int to, bool samStyle = false)
    {
        var (x, y) = Data(1);
        for (var step = from; step < to; step++)
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups) group.LearningRate = 0.01 * (1 + Math.Sin(step));
            optimizer.zero_grad();
            var rows = index_select(arange(64), 0, arange(step % 8, 64, 8));
            var loss = nn.functional.cross_entropy(model.call(x.index_select(0, rows)), y.index_select(0, rows));
            loss.backward();
            if (samStyle && step % 3 == 0)
            {
                // What SAM and the saliency/Fisher methods do: gradients set to none, then fresh ones from another backward.
                model.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
            }
            optimizer.step();
        }
    }

    private static float[] Weights(nn.Module model) =>
        model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    private static byte[] StateFile(optim.Optimizer optimizer, string path)
    {
        ((OptimizerHelper)optimizer).save_state_dict(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>The used parameters are views of one buffer at 64-byte-aligned offsets (fc1 693 → 704 floats, bias 33 → 48, fc2 231 → 240).</summary>
    private static void AssertFlatLayout(Net model)
    {
        var parameters = model.parameters().ToList();
        var start = TensorData.Pointer(parameters[0]);
        Assert.Equal(new long[] { 0, 704 * 4, 752 * 4, 992 * 4 }, parameters.Take(4).Select(p => (long)(TensorData.Pointer(p) - start)).ToArray());
        Assert.Equal(0, start % 64);
    }

    public static TheoryData<string> Kinds => ["adamw", "adam", "sgd"];

    private static optim.Optimizer Reference(string kind, Net model) => kind switch
    {
        "adamw" => optim.AdamW(model.parameters(), 0.01, 0.9, 0.98, 1e-8, weight_decay: 1.0),
        "adam" => optim.Adam(model.parameters(), 0.01, weight_decay: 0.05),
        _ => optim.SGD(model.parameters(), 0.01, momentum: 0.9, weight_decay: 5e-4),
    };

    private static optim.Optimizer Flat(string kind, Net model) => kind switch
    {
        "adamw" => new GrokUnlearn.Training.Optimizers.AdamW(model.parameters(), 0.01, 0.9, 0.98, 1e-8, weightDecay: 1.0),
        "adam" => new GrokUnlearn.Training.Optimizers.Adam(model.parameters(), 0.01, weightDecay: 0.05),
        _ => new GrokUnlearn.Training.Optimizers.SGD(model.parameters(), 0.01, momentum: 0.9, weightDecay: 5e-4),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Flat_Optimizer_Should_Equal_TorchSharps_Bit_For_Bit_Over_100_Steps(string kind)
    {
        using var dir = new TempDir();
        using var reference = NewNet(7);
        using var flat = NewNet(7);
        using var referenceOptimizer = Reference(kind, reference);
        using var flatOptimizer = Flat(kind, flat);

        Train(reference, referenceOptimizer, 0, 100);
        Train(flat, flatOptimizer, 0, 100);

        Assert.Equal(Weights(reference), Weights(flat));
        Assert.NotEqual(Weights(NewNet(7)), Weights(flat));   // it did train
        AssertFlatLayout(flat);   // and through the flat buffers, not TorchSharp's loop
        Assert.Equal(StateFile(referenceOptimizer, dir.File("reference.bin")), StateFile(flatOptimizer, dir.File("flat.bin")));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Flat_Optimizer_Should_Follow_Gradients_Replaced_Or_Set_To_None_From_Outside(string kind)
    {
        using var reference = NewNet(3);
        using var flat = NewNet(3);
        using var referenceOptimizer = Reference(kind, reference);
        using var flatOptimizer = Flat(kind, flat);

        Train(reference, referenceOptimizer, 0, 40, samStyle: true);
        Train(flat, flatOptimizer, 0, 40, samStyle: true);

        Assert.Equal(Weights(reference), Weights(flat));
        AssertFlatLayout(flat);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Resume_Points_Should_Load_Into_Either_Implementation_And_Continue_Identically(string kind)
    {
        using var dir = new TempDir();
        using var straight = NewNet(5);
        using var straightOptimizer = Flat(kind, straight);
        Train(straight, straightOptimizer, 0, 60);

        // 30 steps with the flat optimizer, saved; TorchSharp's loads that file and the flat one loads TorchSharp's back.
        using var first = NewNet(5);
        using var firstOptimizer = Flat(kind, first);
        Train(first, firstOptimizer, 0, 30);
        first.save(dir.File("model.bin"));
        ((OptimizerHelper)firstOptimizer).save_state_dict(dir.File("flat.bin"));

        using var middle = NewNet(99);
        middle.load(dir.File("model.bin"));
        using var middleOptimizer = Reference(kind, middle);
        ((OptimizerHelper)middleOptimizer).load_state_dict(dir.File("flat.bin"));
        Train(middle, middleOptimizer, 30, 45);
        middle.save(dir.File("model2.bin"));
        ((OptimizerHelper)middleOptimizer).save_state_dict(dir.File("reference.bin"));

        using var last = NewNet(98);
        last.load(dir.File("model2.bin"));
        using var lastOptimizer = Flat(kind, last);
        ((OptimizerHelper)lastOptimizer).load_state_dict(dir.File("reference.bin"));
        Train(last, lastOptimizer, 45, 60);

        Assert.Equal(Weights(straight), Weights(last));
        AssertFlatLayout(last);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Loading_State_After_The_Layout_Exists_Should_Put_It_Back_Into_The_Buffers(string kind)
    {
        // Both implementations: 10 steps, save; 10 more; load the file back (Adam reads into the views in place, SGD's
        // loader replaces the buffer's tensor); 5 more; then load a state dictionary object taken from a third optimizer
        // (TorchSharp's loader disposes the views and takes the object's tensors); 5 more. The same weights at the end.
        using var dir = new TempDir();
        float[] Run(Func<Net, optim.Optimizer> create, string file)
        {
            using var model = NewNet(21);
            using var optimizer = create(model);
            Train(model, optimizer, 0, 10);
            ((OptimizerHelper)optimizer).save_state_dict(dir.File(file));
            Train(model, optimizer, 10, 20);
            ((OptimizerHelper)optimizer).load_state_dict(dir.File(file));
            Train(model, optimizer, 20, 25);
            // TorchSharp's SGD cannot load a state dictionary object in which a parameter has no momentum buffer (the unused
            // layer here): its loader dereferences the missing buffer. Adam's states always hold tensors.
            if (kind != "sgd")
            {
                using var donorModel = NewNet(22);
                using var donor = Reference(kind, donorModel);
                Train(donorModel, donor, 0, 7);
                ((OptimizerHelper)optimizer).load_state_dict(((OptimizerHelper)donor).state_dict());
            }
            Train(model, optimizer, 25, 30);
            return Weights(model);
        }

        Assert.Equal(Run(m => Reference(kind, m), "reference.bin"), Run(m => Flat(kind, m), "flat.bin"));
    }

    [Fact]
    public void Flat_AdamW_Should_Equal_TorchSharps_On_Buffers_Split_Across_Threads()
    {
        // 2 threads and a 100k-element buffer: libtorch splits elementwise work across threads above 32,768 elements, so
        // thread boundaries fall inside parameters of the flat buffer, never inside them in TorchSharp's loop.
        var threads = get_num_threads();
        set_num_threads(2);
        try
        {
            float[] Run(bool flat)
            {
                manual_seed(5);
                using var model = nn.Sequential(nn.Linear(300, 301), nn.ReLU(), nn.Linear(301, 33));
                using optim.Optimizer optimizer = flat
                    ? new GrokUnlearn.Training.Optimizers.AdamW(model.parameters(), 0.01, 0.9, 0.98, 1e-8, weightDecay: 1.0)
                    : optim.AdamW(model.parameters(), 0.01, 0.9, 0.98, 1e-8, weight_decay: 1.0);
                using var generator = new Generator(3);
                var x = randn([64, 300], generator: generator);
                var y = randint(33, [64], generator: generator);
                for (var step = 0; step < 30; step++)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    nn.functional.cross_entropy(model.call(x), y).backward();
                    optimizer.step();
                }
                return model.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
            }

            Assert.Equal(Run(flat: false), Run(flat: true));
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    [Fact]
    public void Flat_Layout_Should_Hold_The_Used_Parameters_At_Aligned_Offsets_And_Leave_The_Unused_Alone()
    {
        using var model = NewNet(11);
        var untouched = model.parameters().Skip(4).SelectMany(p => p.detach().clone().data<float>().ToArray()).ToArray();
        using var optimizer = Flat("adamw", model);
        Train(model, optimizer, 0, 3);

        var parameters = model.parameters().ToList();
        AssertFlatLayout(model);
        using (var g0 = parameters[0].grad!)
        using (var g3 = parameters[3].grad!)
            Assert.Equal(992 * 4, (long)(TensorData.Pointer(g3) - TensorData.Pointer(g0)));
        // The unused layer: no gradient, and not decayed by AdamW's weight decay (TorchSharp and PyTorch skip it).
        Assert.All(parameters.Skip(4), p => Assert.False(FlatParameters.HasGradient(p)));
        Assert.Equal(untouched, parameters.Skip(4).SelectMany(p => p.detach().data<float>().ToArray()).ToArray());
    }

    [Fact]
    public void Trainer_Should_Use_The_Flat_Optimizers()
    {
        using var model = NewNet(1);
        var recipe = new GrokUnlearn.Config.RecipeSpec("r", 0.01, 0.9, 0.98, 1e-8, 1, 10, 100, 10, 40, 0);
        Assert.IsType<GrokUnlearn.Training.Optimizers.AdamW>(Trainer.CreateOptimizer(model, recipe));
        Assert.IsType<GrokUnlearn.Training.Optimizers.SGD>(Trainer.CreateOptimizer(model, recipe with { Optimizer = GrokUnlearn.Config.RecipeSpec.Sgd }));
    }
}
