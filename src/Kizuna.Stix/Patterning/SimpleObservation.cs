namespace Kizuna.Stix.Patterning;

/// <summary><c>[comparison expression]</c>: matched by one observation holding an object for which the comparison holds.</summary>
/// <param name="Comparison">The comparison expression between the brackets.</param>
public sealed record SimpleObservation(ComparisonExpression Comparison) : ObservationExpression
{
    /// <summary>The comparison expression between the brackets.</summary>
    public ComparisonExpression Comparison { get; } = Comparison ?? throw new ArgumentNullException(nameof(Comparison));

    /// <inheritdoc />
    public override string ToString() => $"[{Comparison}]";
}
