using System.Globalization;

namespace Kizuna.Stix.Patterning;

/// <summary>
/// A floating-point constant such as <c>7.0</c> or <c>-.5</c>. Held as a <see cref="decimal"/> so the text
/// prints back exactly (the pattern grammar has no exponent notation).
/// </summary>
/// <param name="Value">The value.</param>
public sealed record FloatLiteral(decimal Value) : PatternLiteral
{
    /// <inheritdoc />
    public override string ToString() => PatternText.Decimal(Value, forceFraction: true);
}
