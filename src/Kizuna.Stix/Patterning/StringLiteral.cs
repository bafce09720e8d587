namespace Kizuna.Stix.Patterning;

/// <summary>A string constant, <c>'text'</c>; inside the quotes <c>\'</c> is a quote and <c>\\</c> a backslash.</summary>
/// <param name="Value">The unescaped text.</param>
public sealed record StringLiteral(string Value) : PatternLiteral
{
    /// <summary>The unescaped text.</summary>
    public string Value { get; } = Value ?? throw new ArgumentNullException(nameof(Value));

    /// <inheritdoc />
    public override string ToString() => PatternText.Quote(Value);
}
