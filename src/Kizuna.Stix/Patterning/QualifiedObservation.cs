namespace Kizuna.Stix.Patterning;

/// <summary>
/// An observation expression with one qualifier after it. Several qualifiers chain as nested
/// qualified expressions, innermost first (<c>[a] REPEATS 2 TIMES WITHIN 10 SECONDS</c> is WITHIN over REPEATS).
/// </summary>
/// <param name="Expression">The qualified expression.</param>
/// <param name="Qualifier">The qualifier.</param>
public sealed record QualifiedObservation(ObservationExpression Expression, PatternQualifier Qualifier) : ObservationExpression
{
    /// <summary>The qualified expression.</summary>
    public ObservationExpression Expression { get; } = Expression ?? throw new ArgumentNullException(nameof(Expression));

    /// <summary>The qualifier.</summary>
    public PatternQualifier Qualifier { get; } = Qualifier ?? throw new ArgumentNullException(nameof(Qualifier));

    /// <inheritdoc />
    public override string ToString()
        => Expression is CompositeObservation ? $"({Expression}) {Qualifier}" : $"{Expression} {Qualifier}";
}
