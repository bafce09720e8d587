using System.Text.Json.Serialization;

namespace Kizuna.Stix.Objects;

/// <summary>意見 Opinion: an assessment of the correctness of other objects (§4.15).</summary>
public sealed record Opinion : StixDomainObject
{
    /// <summary>The type name, <c>opinion</c>.</summary>
    public override string Type => "opinion";

    /// <summary>Why the producer has this opinion.</summary>
    public string? Explanation { get; init; }

    /// <summary>The authors.</summary>
    public StixList<string>? Authors { get; init; }

    /// <summary>The opinion (opinion-enum: strongly-disagree, disagree, neutral, agree, strongly-agree); required.</summary>
    [JsonPropertyName("opinion")] public string? OpinionValue { get; init; }

    /// <summary>The objects the opinion is about; required.</summary>
    public StixList<string>? ObjectRefs { get; init; }
}
