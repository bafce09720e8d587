using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>拡張定義 Extension definition (STIX 2.1 §7.3): describes a STIX extension (new object types or properties).</summary>
public sealed record ExtensionDefinition : StixVersionedObject
{
    /// <summary>The type name, <c>extension-definition</c>.</summary>
    public override string Type => "extension-definition";

    /// <summary>The extension's name; required.</summary>
    public string? Name { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }

    /// <summary>The schema (a URL or the schema text); required.</summary>
    public string? Schema { get; init; }

    /// <summary>The extension's version (semantic versioning); required.</summary>
    public string? Version { get; init; }

    /// <summary>What the extension defines (extension-type-enum: new-sdo, new-sco, new-sro, property-extension, toplevel-property-extension); required.</summary>
    public StixList<string>? ExtensionTypes { get; init; }

    /// <summary>For a top-level property extension, the properties it adds.</summary>
    public StixList<string>? ExtensionProperties { get; init; }
}
