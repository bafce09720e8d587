namespace Kizuna.Stix.Patterning;

/// <summary>A binary constant written in base64, <c>b'dGhpcyBpcyBhIHRlc3Q='</c> (standard alphabet, padded).</summary>
public sealed record BinaryLiteral : PatternLiteral
{
    /// <summary>A base64 literal for these bytes.</summary>
    public BinaryLiteral(IEnumerable<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Bytes = [.. bytes];
    }

    /// <summary>The bytes.</summary>
    public IReadOnlyList<byte> Bytes { get; }

    /// <inheritdoc />
    public bool Equals(BinaryLiteral? other) => other is not null && Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override int GetHashCode() => PatternText.HashBytes(Bytes);

    /// <inheritdoc />
    public override string ToString() => $"b'{Convert.ToBase64String([.. Bytes])}'";
}
