namespace Kizuna.Stix.Patterning;

/// <summary>How comparison expressions inside one observation expression are joined.</summary>
public enum BooleanOperator
{
    /// <summary><c>AND</c>: both hold for the same object (binds tighter than OR).</summary>
    And,
    /// <summary><c>OR</c>: either holds.</summary>
    Or,
}
