namespace Kizuna.Stix.Patterning;

/// <summary>
/// A comparison of an object path with a constant, e.g. <c>file:size &gt; 1024</c> or
/// <c>file:name NOT IN ('a', 'b')</c>. <see cref="Value"/> is a <see cref="SetLiteral"/> exactly when the
/// operator is <see cref="ComparisonOperator.In"/>, and a <see cref="StringLiteral"/> for LIKE, MATCHES,
/// ISSUBSET and ISSUPERSET.
/// </summary>
public sealed record PropertyComparison : ComparisonExpression
{
    /// <summary>A comparison; <paramref name="negated"/> puts <c>NOT</c> before the operator.</summary>
    public PropertyComparison(ObjectPath path, ComparisonOperator @operator, PatternLiteral value, bool negated = false)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Value = value ?? throw new ArgumentNullException(nameof(value));
        if (!Enum.IsDefined(@operator))
        {
            throw new ArgumentOutOfRangeException(nameof(@operator));
        }
        var fits = @operator switch
        {
            ComparisonOperator.In => value is SetLiteral,
            ComparisonOperator.Like or ComparisonOperator.Matches or ComparisonOperator.IsSubset or ComparisonOperator.IsSuperset => value is StringLiteral,
            ComparisonOperator.Equal or ComparisonOperator.NotEqual => value is not SetLiteral,
            _ => value is not (SetLiteral or BooleanLiteral),
        };
        if (!fits)
        {
            throw new ArgumentException($"{PatternText.Operator(@operator)} cannot take {value}.", nameof(value));
        }
        Operator = @operator;
        Negated = negated;
    }

    /// <summary>The property compared.</summary>
    public ObjectPath Path { get; }

    /// <summary>The operator.</summary>
    public ComparisonOperator Operator { get; }

    /// <summary>The constant compared with.</summary>
    public PatternLiteral Value { get; }

    /// <summary>Whether <c>NOT</c> precedes the operator.</summary>
    public bool Negated { get; }

    /// <inheritdoc />
    public override string ToString()
        => $"{Path} {(Negated ? "NOT " : "")}{PatternText.Operator(Operator)} {Value}";
}
