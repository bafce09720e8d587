namespace Kizuna.Stix.Patterning;

/// <summary><c>EXISTS path</c>: the object has the property (STIX 2.1).</summary>
/// <param name="Path">The property that must be present.</param>
public sealed record ExistsComparison(ObjectPath Path) : ComparisonExpression
{
    /// <summary>The property that must be present.</summary>
    public ObjectPath Path { get; } = Path ?? throw new ArgumentNullException(nameof(Path));

    /// <inheritdoc />
    public override string ToString() => $"EXISTS {Path}";
}
