namespace Kizuna.Stix.Patterning;

/// <summary>One step of an object path after the first property: a property or dictionary key, or a list index.</summary>
public abstract record PathStep
{
    private protected PathStep()
    {
    }

    /// <summary>The step in pattern syntax (<c>.name</c>, <c>.'key'</c>, <c>[0]</c> or <c>[*]</c>).</summary>
    public abstract override string ToString();
}
