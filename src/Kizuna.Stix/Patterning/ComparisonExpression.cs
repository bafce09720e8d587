namespace Kizuna.Stix.Patterning;

/// <summary>
/// What goes between the brackets of an observation expression: a comparison, <c>EXISTS</c>, or comparisons
/// joined by AND / OR (AND binds tighter).
/// </summary>
public abstract record ComparisonExpression
{
    private protected ComparisonExpression()
    {
    }

    /// <summary>The expression in canonical pattern syntax.</summary>
    public abstract override string ToString();
}
