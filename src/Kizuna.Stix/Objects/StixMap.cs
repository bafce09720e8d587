using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Kizuna.Stix.Objects;

/// <summary>
/// An immutable STIX dictionary (string keys, insertion order kept for writing) with value equality
/// that ignores key order. Used for <c>hashes</c> and other dictionary properties.
/// </summary>
public sealed class StixMap<T> : IReadOnlyDictionary<string, T>, IEquatable<StixMap<T>>
{
    private readonly KeyValuePair<string, T>[] _entries;
    private readonly Dictionary<string, T> _lookup;

    internal StixMap(IEnumerable<KeyValuePair<string, T>> entries)
    {
        _lookup = new Dictionary<string, T>(StringComparer.Ordinal);
        var list = new List<KeyValuePair<string, T>>();
        foreach (var (key, value) in entries)
        {
            if (!_lookup.TryAdd(key, value)) throw new ArgumentException($"Duplicate key '{key}'.", nameof(entries));
            list.Add(new(key, value));
        }
        _entries = [.. list];
    }

    /// <inheritdoc/>
    public T this[string key] => _lookup[key];
    /// <inheritdoc/>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);
    /// <inheritdoc/>
    public IEnumerable<T> Values => _entries.Select(e => e.Value);
    /// <inheritdoc/>
    public int Count => _entries.Length;
    /// <inheritdoc/>
    public bool ContainsKey(string key) => _lookup.ContainsKey(key);
    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value) => _lookup.TryGetValue(key, out value);
    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, T>>)_entries).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Equal when both have the same keys with equal values, in any order.</summary>
    public bool Equals(StixMap<T>? other)
    {
        if (other is null || other.Count != Count) return false;
        var comparer = StixEquality.Comparer<T>();
        foreach (var (key, value) in _entries)
            if (!other._lookup.TryGetValue(key, out var otherValue) || !comparer.Equals(value, otherValue)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StixMap<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var key in _lookup.Keys) hash ^= StringComparer.Ordinal.GetHashCode(key);
        return hash;
    }
}

/// <summary>Factory for <see cref="StixMap{T}"/>.</summary>
public static class StixMap
{
    /// <summary>Creates a map from key/value pairs (keys must be distinct).</summary>
    public static StixMap<T> From<T>(IEnumerable<KeyValuePair<string, T>> entries) => new(entries);

    /// <summary>Creates a map from tuples, e.g. <c>StixMap.Of(("SHA-256", "…"))</c>.</summary>
    public static StixMap<T> Of<T>(params (string Key, T Value)[] entries) => new(entries.Select(e => new KeyValuePair<string, T>(e.Key, e.Value)));
}
