namespace Kizuna.Stix.Patterning;

/// <summary>The set of constants on the right of <c>IN</c>, <c>('a', 'b')</c>. It holds constants only, never another set.</summary>
public sealed record SetLiteral : PatternLiteral
{
    /// <summary>A set of the given constants, in the order written.</summary>
    public SetLiteral(IEnumerable<PatternLiteral> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = [.. values];
        if (Values.Any(v => v is null or SetLiteral))
        {
            throw new ArgumentException("A set holds constants only (no null, no nested set).", nameof(values));
        }
    }

    /// <summary>The constants in the order written.</summary>
    public IReadOnlyList<PatternLiteral> Values { get; }

    /// <inheritdoc />
    public bool Equals(SetLiteral? other) => other is not null && Values.SequenceEqual(other.Values);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in Values)
        {
            hash.Add(v);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"({string.Join(", ", Values)})";
}
