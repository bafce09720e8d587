namespace Kizuna.Stix.Patterning;

/// <summary>A boolean constant, <c>true</c> or <c>false</c> (lower case only).</summary>
/// <param name="Value">The value.</param>
public sealed record BooleanLiteral(bool Value) : PatternLiteral
{
    /// <inheritdoc />
    public override string ToString() => Value ? "true" : "false";
}
