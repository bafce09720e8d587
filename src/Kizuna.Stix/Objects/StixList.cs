using System.Collections;
using System.Runtime.CompilerServices;

namespace Kizuna.Stix.Objects;

/// <summary>
/// An immutable list with value equality (element by element, in order), so records holding lists
/// compare by content. Build one with a collection expression: <c>Labels = ["a", "b"]</c>.
/// </summary>
[CollectionBuilder(typeof(StixList), nameof(StixList.Create))]
public sealed class StixList<T> : IReadOnlyList<T>, IEquatable<StixList<T>>
{
    private readonly T[] _items;

    internal StixList(T[] items) => _items = items;

    /// <summary>The empty list.</summary>
    public static StixList<T> Empty { get; } = new([]);

    /// <inheritdoc/>
    public T this[int index] => _items[index];

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Equal when both hold equal elements in the same order.</summary>
    public bool Equals(StixList<T>? other)
        => other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items, StixEquality.Comparer<T>()));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StixList<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_items.Length);
        foreach (var item in _items.Take(8)) hash.Add(item, StixEquality.Comparer<T>());
        return hash.ToHashCode();
    }
}

/// <summary>Factory for <see cref="StixList{T}"/>.</summary>
public static class StixList
{
    /// <summary>Creates a list holding a copy of <paramref name="items"/>.</summary>
    public static StixList<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? StixList<T>.Empty : new(items.ToArray());

    /// <summary>Creates a list holding a copy of <paramref name="items"/>.</summary>
    public static StixList<T> From<T>(IEnumerable<T> items) => new(items.ToArray());
}
