namespace Kizuna.Stix.Patterning;

/// <summary>
/// An object path: the SCO type, a colon, the first property, then further steps, e.g.
/// <c>email-message:to_refs[*].value</c> or <c>file:hashes.'SHA-256'</c>.
/// </summary>
public sealed record ObjectPath
{
    /// <summary>A path on an object type starting with a property and continuing with <paramref name="steps"/>.</summary>
    public ObjectPath(string objectType, string property, IEnumerable<PathStep>? steps = null)
    {
        ObjectType = objectType ?? throw new ArgumentNullException(nameof(objectType));
        Property = property ?? throw new ArgumentNullException(nameof(property));
        Steps = steps is null ? [] : [.. steps];
        if (Steps.Any(s => s is null))
        {
            throw new ArgumentException("A path step cannot be null.", nameof(steps));
        }
    }

    /// <summary>The SCO type, e.g. <c>file</c> or <c>x-usb-device</c>.</summary>
    public string ObjectType { get; }

    /// <summary>The first property name, e.g. <c>hashes</c>.</summary>
    public string Property { get; }

    /// <summary>The steps after the first property.</summary>
    public IReadOnlyList<PathStep> Steps { get; }

    /// <inheritdoc />
    public bool Equals(ObjectPath? other)
        => other is not null && ObjectType == other.ObjectType && Property == other.Property && Steps.SequenceEqual(other.Steps);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ObjectType);
        hash.Add(Property);
        foreach (var s in Steps)
        {
            hash.Add(s);
        }
        return hash.ToHashCode();
    }

    /// <summary>The path in pattern syntax.</summary>
    public override string ToString()
        => ObjectType + ":" + PatternText.PropertyName(Property) + string.Concat(Steps.Select(s => s.ToString()));
}
