using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>
/// The official TLP 2.0 marking-definition objects (OASIS cti-stix-common-objects, extension
/// <see cref="ExtensionId"/>, created 2022-10-01), with the ids of <see cref="TlpMarkings.StixId"/>.
/// </summary>
public static class TlpMarkingDefinitions
{
    /// <summary>The id of the TLP 2.0 extension definition.</summary>
    public const string ExtensionId = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private static readonly StixTimestamp Created = StixTimestamp.Parse("2022-10-01T00:00:00.000Z");

    /// <summary>The official marking definition of a TLP level.</summary>
    public static MarkingDefinition For(Tlp tlp) => new()
    {
        Id = TlpMarkings.StixId(tlp),
        Created = Created,
        Name = TlpMarkings.Label(tlp),
        Extensions = StixMap.Of((ExtensionId, JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["extension_type"] = "property-extension",
            ["tlp_2_0"] = ExtensionValue(tlp),
        }))),
    };

    /// <summary>All five official TLP 2.0 marking definitions, least restrictive first.</summary>
    public static IReadOnlyList<MarkingDefinition> All { get; } = Enum.GetValues<Tlp>().Select(For).ToArray();

    /// <summary>The <c>tlp_2_0</c> value of the extension for a level, e.g. <c>amber+strict</c>.</summary>
    public static string ExtensionValue(Tlp tlp) => TlpMarkings.Label(tlp)[4..].ToLowerInvariant();

    /// <summary>The TLP level of a marking-definition id, when it is one of the official TLP 2.0 ids.</summary>
    public static Tlp? LevelOf(string markingDefinitionId)
    {
        foreach (var tlp in Enum.GetValues<Tlp>())
            if (TlpMarkings.StixId(tlp) == markingDefinitionId) return tlp;
        return null;
    }
}
