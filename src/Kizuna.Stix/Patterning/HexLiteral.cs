namespace Kizuna.Stix.Patterning;

/// <summary>A binary constant written in hexadecimal, <c>h'ffd8'</c>. Prints in lower case.</summary>
public sealed record HexLiteral : PatternLiteral
{
    /// <summary>A hex literal for these bytes.</summary>
    public HexLiteral(IEnumerable<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Bytes = [.. bytes];
    }

    /// <summary>The bytes.</summary>
    public IReadOnlyList<byte> Bytes { get; }

    /// <inheritdoc />
    public bool Equals(HexLiteral? other) => other is not null && Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override int GetHashCode() => PatternText.HashBytes(Bytes);

    /// <inheritdoc />
    public override string ToString() => $"h'{Convert.ToHexStringLower([.. Bytes])}'";
}
