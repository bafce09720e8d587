namespace Kizuna.Stix.Patterning;

/// <summary>
/// An observation expression: <c>[ … ]</c>, observation expressions joined by AND / OR / FOLLOWEDBY
/// (AND binds tightest, FOLLOWEDBY loosest), or one with a qualifier (which binds tighter than any operator).
/// </summary>
public abstract record ObservationExpression
{
    private protected ObservationExpression()
    {
    }

    /// <summary>The expression in canonical pattern syntax.</summary>
    public abstract override string ToString();
}
