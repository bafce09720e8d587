namespace Kizuna.Stix.Patterning;

/// <summary>A list index, <c>[0]</c>, or <c>[*]</c> for any element (<see cref="Index"/> null).</summary>
/// <param name="Index">The zero-based index, or null for <c>*</c>.</param>
public sealed record IndexStep(int? Index) : PathStep
{
    /// <summary>The <c>[*]</c> step: any element of the list.</summary>
    public static IndexStep Any { get; } = new((int?)null);

    /// <inheritdoc />
    public override string ToString() => Index is { } i ? $"[{i}]" : "[*]";
}
