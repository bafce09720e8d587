namespace Kizuna.Stix.Objects;

/// <summary>バンドル Bundle (STIX 2.1 §8): a transport wrapper around any number of objects; it is not itself versioned.</summary>
public sealed record StixBundle : StixObject
{
    /// <summary>The type name, <c>bundle</c>.</summary>
    public override string Type => "bundle";

    /// <summary>The objects; a bundle holds no bundles.</summary>
    public StixList<StixObject>? Objects { get; init; }
}
