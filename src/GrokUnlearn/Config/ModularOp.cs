namespace GrokUnlearn.Config;

/// <summary>The binary operation of a modular-arithmetic dataset: c = a ∘ b mod p.</summary>
public enum ModularOp
{
    Add,
    Sub,
    Mul,
    Div,
}
