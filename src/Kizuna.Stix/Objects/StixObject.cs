using System.Text.Json.Serialization;

namespace Kizuna.Stix.Objects;

/// <summary>
/// A top-level STIX object: it has a <see cref="Type"/> and an <see cref="Id"/> of the form <c>type--UUID</c>.
/// Immutable; change with <c>with</c> expressions. Validation is separate (<see cref="Validation.StixValidator"/>).
/// </summary>
public abstract record StixObject : StixNode
{
    /// <summary>The STIX type name, e.g. <c>indicator</c>.</summary>
    [JsonPropertyName("type"), JsonPropertyOrder(-10)]
    public abstract string Type { get; }

    /// <summary>The identifier, <c>type--UUID</c>.</summary>
    [JsonPropertyName("id"), JsonPropertyOrder(-8)]
    public string Id { get; init; } = "";
}

/// <summary>
/// The common properties of the versioned objects: SDOs, SROs, language content and extension definitions
/// (STIX 2.1 §3.2). <c>created</c> and <c>modified</c> are required and must have at least millisecond precision.
/// </summary>
public abstract record StixVersionedObject : StixObject
{
    /// <summary>The STIX version, always <c>2.1</c> here.</summary>
    [JsonPropertyOrder(-9)]
    public string SpecVersion { get; init; } = "2.1";

    /// <summary>The identity that created the object (an <c>identity--…</c> id).</summary>
    [JsonPropertyOrder(-7)]
    public string? CreatedByRef { get; init; }

    /// <summary>When this object was first created.</summary>
    [JsonPropertyOrder(-6)]
    public StixTimestamp Created { get; init; }

    /// <summary>When this version of the object was made; never before <see cref="Created"/>.</summary>
    [JsonPropertyOrder(-5)]
    public StixTimestamp Modified { get; init; }

    /// <summary>Whether the object has been revoked (no longer considered valid by its creator).</summary>
    public bool? Revoked { get; init; }

    /// <summary>Terms describing the object (open).</summary>
    public StixList<string>? Labels { get; init; }

    /// <summary>The creator's confidence, 0–100.</summary>
    public int? Confidence { get; init; }

    /// <summary>The language of the text content (RFC 5646, e.g. <c>ja</c>).</summary>
    public string? Lang { get; init; }

    /// <summary>References to non-STIX information.</summary>
    public StixList<ExternalReference>? ExternalReferences { get; init; }

    /// <summary>Marking definitions (e.g. TLP) that apply to the whole object.</summary>
    public StixList<string>? ObjectMarkingRefs { get; init; }

    /// <summary>Markings that apply to parts of the object.</summary>
    public StixList<GranularMarking>? GranularMarkings { get; init; }

    /// <summary>Extensions by name or <c>extension-definition--…</c> id, kept as JSON.</summary>
    public StixMap<System.Text.Json.JsonElement>? Extensions { get; init; }
}

/// <summary>A STIX Domain Object (SDO, STIX 2.1 §4): a higher-level intelligence concept.</summary>
public abstract record StixDomainObject : StixVersionedObject;

/// <summary>A STIX Relationship Object (SRO, STIX 2.1 §5): links two or more objects.</summary>
public abstract record StixRelationshipObject : StixVersionedObject;

/// <summary>
/// A STIX Cyber-observable Object (SCO, STIX 2.1 §6): a fact about a network or host. Its id SHOULD be
/// a UUIDv5 over its ID-contributing properties (<see cref="StixIds"/>).
/// </summary>
public abstract record StixCyberObservable : StixObject
{
    /// <summary>The STIX version, <c>2.1</c> when given (optional on SCOs).</summary>
    [JsonPropertyOrder(-9)]
    public string? SpecVersion { get; init; }

    /// <summary>Marking definitions that apply to the whole object.</summary>
    public StixList<string>? ObjectMarkingRefs { get; init; }

    /// <summary>Markings that apply to parts of the object.</summary>
    public StixList<GranularMarking>? GranularMarkings { get; init; }

    /// <summary>Whether the values are defanged.</summary>
    public bool? Defanged { get; init; }

    /// <summary>Extensions by name (e.g. <c>ntfs-ext</c>) or <c>extension-definition--…</c> id, kept as JSON.</summary>
    public StixMap<System.Text.Json.JsonElement>? Extensions { get; init; }
}

/// <summary>
/// An object of a type this library does not model (a custom <c>x-…</c> object or a type from an
/// extension definition). Everything but <c>type</c> and <c>id</c> is kept in <see cref="StixNode.CustomProperties"/>.
/// </summary>
public sealed record CustomObject : StixObject
{
    /// <summary>The type name as read.</summary>
    [JsonIgnore]
    public string TypeName { get; init; } = "";

    /// <inheritdoc/>
    public override string Type => TypeName;
}
