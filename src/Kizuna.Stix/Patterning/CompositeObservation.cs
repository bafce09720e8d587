namespace Kizuna.Stix.Patterning;

/// <summary>
/// Two or more observation expressions joined by one operator. Operands joined by the same operator are
/// flattened on construction; AND, OR and FOLLOWEDBY are all associative, so this keeps the meaning and
/// keeps long chains from nesting deeply.
/// </summary>
public sealed record CompositeObservation : ObservationExpression
{
    /// <summary>Joins at least two operands with <paramref name="operator"/>.</summary>
    public CompositeObservation(ObservationOperator @operator, IEnumerable<ObservationExpression> operands)
    {
        if (!Enum.IsDefined(@operator))
        {
            throw new ArgumentOutOfRangeException(nameof(@operator));
        }
        Operator = @operator;
        Operands = CompositeOperands.Flatten(operands, o => o is CompositeObservation same && same.Operator == @operator ? same.Operands : null, "observation expression");
    }

    /// <summary>The joining operator.</summary>
    public ObservationOperator Operator { get; }

    /// <summary>The operands in order, none of which is a composite with the same operator.</summary>
    public IReadOnlyList<ObservationExpression> Operands { get; }

    /// <inheritdoc />
    public bool Equals(CompositeObservation? other)
        => other is not null && Operator == other.Operator && Operands.SequenceEqual(other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => CompositeOperands.Hash(Operator, Operands);

    /// <inheritdoc />
    public override string ToString()
    {
        var separator = Operator switch
        {
            ObservationOperator.And => " AND ",
            ObservationOperator.Or => " OR ",
            _ => " FOLLOWEDBY ",
        };
        // A composite operand needs parentheses when it binds looser than this operator.
        return string.Join(separator, Operands.Select(o =>
            o is CompositeObservation inner && inner.Operator > Operator ? $"({o})" : o.ToString()));
    }
}
