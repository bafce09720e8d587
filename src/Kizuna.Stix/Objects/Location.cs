namespace Kizuna.Stix.Objects;

/// <summary>場所 Location: a geographic location (§4.10); needs a region, a country, or latitude and longitude.</summary>
public sealed record Location : StixDomainObject
{
    /// <summary>The type name, <c>location</c>.</summary>
    public override string Type => "location";

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Latitude in decimal degrees (−90 to 90).</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude in decimal degrees (−180 to 180).</summary>
    public double? Longitude { get; init; }

    /// <summary>Precision of the coordinates in metres.</summary>
    public double? Precision { get; init; }

    /// <summary>The region (region-ov).</summary>
    public string? Region { get; init; }

    /// <summary>The ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; init; }

    /// <summary>The state, province or prefecture.</summary>
    public string? AdministrativeArea { get; init; }

    /// <summary>The city.</summary>
    public string? City { get; init; }

    /// <summary>The street address.</summary>
    public string? StreetAddress { get; init; }

    /// <summary>The postal code.</summary>
    public string? PostalCode { get; init; }
}
