namespace Kizuna.Stix.Objects;

/// <summary>目撃 Sighting: the belief that something (an indicator, malware…) was seen (§5.2).</summary>
public sealed record Sighting : StixRelationshipObject
{
    /// <summary>The type name, <c>sighting</c>.</summary>
    public override string Type => "sighting";

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Start of the sighting window.</summary>
    public StixTimestamp? FirstSeen { get; init; }

    /// <summary>End of the sighting window; not before <see cref="FirstSeen"/>.</summary>
    public StixTimestamp? LastSeen { get; init; }

    /// <summary>How many times it was seen (0–999,999,999).</summary>
    public int? Count { get; init; }

    /// <summary>The SDO that was sighted; required.</summary>
    public string? SightingOfRef { get; init; }

    /// <summary>The observed data (<c>observed-data</c> ids).</summary>
    public StixList<string>? ObservedDataRefs { get; init; }

    /// <summary>Who or where it was seen (<c>identity</c> or <c>location</c> ids).</summary>
    public StixList<string>? WhereSightedRefs { get; init; }

    /// <summary>Whether this is a summary of other sightings.</summary>
    public bool? Summary { get; init; }
}
