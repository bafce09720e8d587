namespace Kizuna.Stix.Patterning;

/// <summary>
/// A constant on the right-hand side of a comparison. <see cref="object.ToString"/> prints the literal in
/// canonical pattern syntax, which parses back to an equal literal.
/// </summary>
public abstract record PatternLiteral
{
    private protected PatternLiteral()
    {
    }

    /// <summary>The literal in pattern syntax.</summary>
    public abstract override string ToString();
}
