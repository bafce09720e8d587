namespace Kizuna.Stix.Patterning;

/// <summary>A qualifier that restricts which observations may match the expression before it.</summary>
public abstract record PatternQualifier
{
    private protected PatternQualifier()
    {
    }

    /// <summary>The qualifier in pattern syntax.</summary>
    public abstract override string ToString();
}
