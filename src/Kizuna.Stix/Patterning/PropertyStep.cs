namespace Kizuna.Stix.Patterning;

/// <summary>
/// A property name or dictionary key, <c>.name</c> or <c>.'SHA-256'</c>. Names that are not plain identifiers
/// (or that read as a keyword) print quoted; the quoting is syntax only and not part of the name.
/// </summary>
/// <param name="Name">The property name or dictionary key.</param>
public sealed record PropertyStep(string Name) : PathStep
{
    /// <summary>The property name or dictionary key.</summary>
    public string Name { get; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <inheritdoc />
    public override string ToString() => "." + PatternText.PropertyName(Name);
}
