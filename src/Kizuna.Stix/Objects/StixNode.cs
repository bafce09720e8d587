using System.Text.Json.Serialization;

namespace Kizuna.Stix.Objects;

/// <summary>
/// Anything STIX writes as a JSON object: top-level objects and embedded types (external references,
/// kill-chain phases, granular markings…). Keeps the properties its C# type does not model in
/// <see cref="CustomProperties"/>, so they survive a round trip.
/// </summary>
public abstract record StixNode : IJsonOnDeserialized
{
    /// <summary>Properties not modelled by the C# type (custom <c>x_…</c> properties and the like), written back as read.</summary>
    [JsonExtensionData]
    public StixPropertyBag? CustomProperties { get; init; }

    void IJsonOnDeserialized.OnDeserialized() => CustomProperties?.Freeze();
}
