using System.Globalization;

namespace Kizuna.Stix.Patterning;

/// <summary>An integer constant such as <c>1280</c> or <c>-5</c> (64-bit).</summary>
/// <param name="Value">The value.</param>
public sealed record IntegerLiteral(long Value) : PatternLiteral
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
