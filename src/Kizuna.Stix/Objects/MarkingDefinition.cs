using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kizuna.Stix.Objects;

/// <summary>
/// マーキング定義 Marking definition (STIX 2.1 §7.2): handling rules such as TLP or a statement. Never versioned,
/// so it has <c>created</c> but no <c>modified</c> or <c>revoked</c>. Either <c>definition_type</c> and
/// <c>definition</c>, or an extension (as the TLP 2.0 markings, see <see cref="TlpMarkingDefinitions"/>).
/// </summary>
public sealed record MarkingDefinition : StixObject
{
    /// <summary>The type name, <c>marking-definition</c>.</summary>
    public override string Type => "marking-definition";

    /// <summary>The STIX version, <c>2.1</c>.</summary>
    [JsonPropertyOrder(-9)]
    public string SpecVersion { get; init; } = "2.1";

    /// <summary>The identity that created the marking.</summary>
    [JsonPropertyOrder(-7)]
    public string? CreatedByRef { get; init; }

    /// <summary>When the marking was created.</summary>
    [JsonPropertyOrder(-6)]
    public StixTimestamp Created { get; init; }

    /// <summary>A name, e.g. <c>TLP:AMBER+STRICT</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The kind of definition (<c>statement</c>, <c>tlp</c>); with <see cref="Definition"/>.</summary>
    public string? DefinitionType { get; init; }

    /// <summary>The definition, e.g. <c>{"statement": "…"}</c>.</summary>
    public StixMap<JsonElement>? Definition { get; init; }

    /// <summary>References to non-STIX information.</summary>
    public StixList<ExternalReference>? ExternalReferences { get; init; }

    /// <summary>Markings of the marking itself.</summary>
    public StixList<string>? ObjectMarkingRefs { get; init; }

    /// <summary>Granular markings of the marking itself.</summary>
    public StixList<GranularMarking>? GranularMarkings { get; init; }

    /// <summary>Extensions (the TLP 2.0 extension among them), kept as JSON.</summary>
    public StixMap<JsonElement>? Extensions { get; init; }
}
