using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>
/// The properties of an object or embedded type that its C# type does not model: custom properties
/// (<c>x_…</c>), top-level properties of property extensions, or everything but <c>type</c> and <c>id</c>
/// of a custom object. Values are kept as JSON so they are written back exactly as read.
/// Read-only once built; the <see cref="IDictionary{TKey,TValue}"/> view exists only so the JSON reader can fill it.
/// </summary>
public sealed class StixPropertyBag : IReadOnlyDictionary<string, JsonElement>, IDictionary<string, JsonElement>, IEquatable<StixPropertyBag>
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private bool _frozen;

    /// <summary>An empty bag for the JSON reader to fill; frozen when the owning object has been read.</summary>
    public StixPropertyBag() { }

    /// <summary>A frozen bag of the given properties (values are cloned).</summary>
    public StixPropertyBag(IEnumerable<KeyValuePair<string, JsonElement>> properties)
    {
        foreach (var (key, value) in properties) Put(key, value);
        _frozen = true;
    }

    /// <summary>A frozen bag from name/value pairs where values are anything <see cref="JsonSerializer"/> can write.</summary>
    public static StixPropertyBag Of(params (string Name, object? Value)[] properties)
        => new(properties.Select(p => new KeyValuePair<string, JsonElement>(p.Name, JsonSerializer.SerializeToElement(p.Value))));

    internal void Freeze() => _frozen = true;

    private void Put(string key, JsonElement value)
    {
        if (_frozen) throw new NotSupportedException("A StixPropertyBag is read-only once built.");
        if (!_values.ContainsKey(key)) _order.Add(key);
        _values[key] = value.Clone();
    }

    /// <inheritdoc/>
    public JsonElement this[string key] => _values[key];
    JsonElement IDictionary<string, JsonElement>.this[string key] { get => _values[key]; set => Put(key, value); }
    /// <inheritdoc/>
    public IEnumerable<string> Keys => _order;
    /// <inheritdoc/>
    public IEnumerable<JsonElement> Values => _order.Select(k => _values[k]);
    ICollection<string> IDictionary<string, JsonElement>.Keys => [.. _order];
    ICollection<JsonElement> IDictionary<string, JsonElement>.Values => [.. Values];
    /// <inheritdoc/>
    public int Count => _values.Count;
    bool ICollection<KeyValuePair<string, JsonElement>>.IsReadOnly => _frozen;
    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => _values.TryGetValue(key, out value);
    void IDictionary<string, JsonElement>.Add(string key, JsonElement value) => Put(key, value);
    void ICollection<KeyValuePair<string, JsonElement>>.Add(KeyValuePair<string, JsonElement> item) => Put(item.Key, item.Value);
    bool IDictionary<string, JsonElement>.Remove(string key) => throw new NotSupportedException("A StixPropertyBag is read-only.");
    bool ICollection<KeyValuePair<string, JsonElement>>.Remove(KeyValuePair<string, JsonElement> item) => throw new NotSupportedException("A StixPropertyBag is read-only.");
    void ICollection<KeyValuePair<string, JsonElement>>.Clear() => throw new NotSupportedException("A StixPropertyBag is read-only.");
    bool ICollection<KeyValuePair<string, JsonElement>>.Contains(KeyValuePair<string, JsonElement> item)
        => _values.TryGetValue(item.Key, out var v) && JsonElement.DeepEquals(v, item.Value);
    void ICollection<KeyValuePair<string, JsonElement>>.CopyTo(KeyValuePair<string, JsonElement>[] array, int arrayIndex)
    {
        foreach (var pair in this) array[arrayIndex++] = pair;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
        => _order.Select(k => new KeyValuePair<string, JsonElement>(k, _values[k])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Equal when both hold the same names with JSON-equal values, in any order.</summary>
    public bool Equals(StixPropertyBag? other)
    {
        if (other is null || other.Count != Count) return false;
        foreach (var (key, value) in _values)
            if (!other._values.TryGetValue(key, out var o) || !JsonElement.DeepEquals(value, o)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StixPropertyBag other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var key in _values.Keys) hash ^= StringComparer.Ordinal.GetHashCode(key);
        return hash;
    }
}
