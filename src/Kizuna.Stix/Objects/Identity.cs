namespace Kizuna.Stix.Objects;

/// <summary>主体 Identity: an individual, organisation, group, class or system (§4.5).</summary>
public sealed record Identity : StixDomainObject
{
    /// <summary>The type name, <c>identity</c>.</summary>
    public override string Type => "identity";

    /// <summary>The name; required.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Roles the identity performs (e.g. CEO).</summary>
    public StixList<string>? Roles { get; init; }

    /// <summary>The kind (identity-class-ov: individual, group, system, organization, class, unknown).</summary>
    public string? IdentityClass { get; init; }

    /// <summary>Industry sectors (industry-sector-ov).</summary>
    public StixList<string>? Sectors { get; init; }

    /// <summary>How to contact it.</summary>
    public string? ContactInformation { get; init; }
}
