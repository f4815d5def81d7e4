namespace GrokUnlearn.Tasks;

/// <summary>
/// A place the analyses read a model at: the value entering (<see cref="Input"/>) or leaving a named module, reported
/// under <see cref="Name"/>. A null <see cref="Module"/> means the model's input space (<see cref="IProbedModel.InputSpace"/>).
/// </summary>
public sealed record ProbePoint(string Name, string? Module, bool Input = false);
