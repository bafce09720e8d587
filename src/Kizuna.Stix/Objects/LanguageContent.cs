using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>
/// 言語コンテンツ Language content (STIX 2.1 §7.1): translations of another object's text properties.
/// <see cref="Contents"/> maps a language tag (e.g. <c>ja</c>) to the translated properties.
/// </summary>
public sealed record LanguageContent : StixVersionedObject
{
    /// <summary>The type name, <c>language-content</c>.</summary>
    public override string Type => "language-content";

    /// <summary>The object whose content is translated; required.</summary>
    public string? ObjectRef { get; init; }

    /// <summary>The <c>modified</c> of the translated version of that object.</summary>
    public StixTimestamp? ObjectModified { get; init; }

    /// <summary>Language tag → property name → translated value; required.</summary>
    public StixMap<JsonElement>? Contents { get; init; }
}
