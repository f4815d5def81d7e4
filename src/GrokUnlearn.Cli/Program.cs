using GrokUnlearn.Native;
using TorchSharp;
var info = TorchRuntime.EnsureLoaded(Console.WriteLine);
Console.WriteLine(info);
var a = torch.randn(3, 3);
Console.WriteLine((a.matmul(a)).sum().item<float>());
