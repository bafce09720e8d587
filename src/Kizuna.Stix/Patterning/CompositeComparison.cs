namespace Kizuna.Stix.Patterning;

/// <summary>
/// Two or more comparison expressions joined by one boolean operator. Operands joined by the same
/// operator are flattened on construction (<c>a AND (b AND c)</c> is <c>a AND b AND c</c>), so the tree
/// is as shallow as the pattern's real nesting.
/// </summary>
public sealed record CompositeComparison : ComparisonExpression
{
    /// <summary>Joins at least two operands with <paramref name="operator"/>.</summary>
    public CompositeComparison(BooleanOperator @operator, IEnumerable<ComparisonExpression> operands)
    {
        if (!Enum.IsDefined(@operator))
        {
            throw new ArgumentOutOfRangeException(nameof(@operator));
        }
        Operator = @operator;
        Operands = CompositeOperands.Flatten(operands, o => o is CompositeComparison same && same.Operator == @operator ? same.Operands : null, "comparison");
    }

    /// <summary>The joining operator.</summary>
    public BooleanOperator Operator { get; }

    /// <summary>The operands, none of which is a composite with the same operator.</summary>
    public IReadOnlyList<ComparisonExpression> Operands { get; }

    /// <inheritdoc />
    public bool Equals(CompositeComparison? other)
        => other is not null && Operator == other.Operator && Operands.SequenceEqual(other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => CompositeOperands.Hash(Operator, Operands);

    /// <inheritdoc />
    public override string ToString()
    {
        var separator = Operator == BooleanOperator.And ? " AND " : " OR ";
        // Only an OR inside an AND needs parentheses: AND binds tighter.
        return string.Join(separator, Operands.Select(o =>
            Operator == BooleanOperator.And && o is CompositeComparison { Operator: BooleanOperator.Or } ? $"({o})" : o.ToString()));
    }
}
