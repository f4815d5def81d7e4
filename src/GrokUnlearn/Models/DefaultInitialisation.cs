using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>
/// PyTorch's default initialisation, drawn from an explicit generator so a seed fixes the model without touching the
/// global RNG: Linear and Conv2d weights and biases U(±1/√fan_in) (kaiming_uniform with a = √5), BatchNorm weight 1 and
/// bias 0; then every parameter multiplied by the init scale α (Omnigrok: Liu et al. 2022).
/// </summary>
public static class DefaultInitialisation
{
    public static void Apply(nn.Module module, Generator generator, double initScale)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Linear linear:
                    Uniform(linear.weight!, linear.bias, linear.weight!.shape[1], generator);
                    break;
                case Conv2d conv:
                    var w = conv.weight!;
                    Uniform(w, conv.bias, w.shape[1] * w.shape[2] * w.shape[3], generator);
                    break;
                case BatchNorm2d bn:
                    bn.weight?.fill_(1.0);
                    bn.bias?.fill_(0.0);
                    break;
            }
        }
        if (initScale != 1.0)
            foreach (var p in module.parameters()) p.mul_(initScale);
    }

    private static void Uniform(Tensor weight, Tensor? bias, long fanIn, Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(fanIn);
        weight.copy_((rand(weight.shape, generator: generator) * 2 - 1) * bound);
        bias?.copy_((rand(bias.shape, generator: generator) * 2 - 1) * bound);
    }
}
