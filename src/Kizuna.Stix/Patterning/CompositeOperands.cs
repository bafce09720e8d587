namespace Kizuna.Stix.Patterning;

/// <summary>What <see cref="CompositeComparison"/> and <see cref="CompositeObservation"/> share: flattening and hashing their operands.</summary>
internal static class CompositeOperands
{
    /// <summary>
    /// The operands with every operand that is itself a composite of the same operator replaced by
    /// its own operands (<c>a AND (b AND c)</c> is <c>a AND b AND c</c>); at least two, none null.
    /// </summary>
    /// <param name="operands">The operands as given.</param>
    /// <param name="sameOperator">The operands of an operand that is a composite of the same operator, else null.</param>
    /// <param name="what">The composite's name for the error message.</param>
    public static IReadOnlyList<T> Flatten<T>(IEnumerable<T> operands, Func<T, IReadOnlyList<T>?> sameOperator, string what) where T : class
    {
        ArgumentNullException.ThrowIfNull(operands);
        var flat = new List<T>();
        foreach (var operand in operands)
        {
            if (operand is null) throw new ArgumentException("An operand cannot be null.", nameof(operands));
            if (sameOperator(operand) is { } inner) flat.AddRange(inner);
            else flat.Add(operand);
        }
        if (flat.Count < 2) throw new ArgumentException($"A composite {what} needs at least two operands.", nameof(operands));
        return flat;
    }

    /// <summary>A hash over the operator and the operands in order (equality is structural).</summary>
    public static int Hash<TOperator, T>(TOperator @operator, IReadOnlyList<T> operands)
    {
        var hash = new HashCode();
        hash.Add(@operator);
        foreach (var o in operands) hash.Add(o);
        return hash.ToHashCode();
    }
}
