namespace Kizuna.Stix.Objects;

/// <summary>脅威アクター Threat actor: individuals, groups or organisations believed to act with malicious intent (§4.17).</summary>
public sealed record ThreatActor : StixDomainObject
{
    /// <summary>The type name, <c>threat-actor</c>.</summary>
    public override string Type => "threat-actor";

    /// <summary>The name; required.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Categories (threat-actor-type-ov).</summary>
    public StixList<string>? ThreatActorTypes { get; init; }

    /// <summary>Other names it is known by.</summary>
    public StixList<string>? Aliases { get; init; }

    /// <summary>When it was first seen.</summary>
    public StixTimestamp? FirstSeen { get; init; }

    /// <summary>When it was last seen.</summary>
    public StixTimestamp? LastSeen { get; init; }

    /// <summary>Roles (threat-actor-role-ov).</summary>
    public StixList<string>? Roles { get; init; }

    /// <summary>High-level goals.</summary>
    public StixList<string>? Goals { get; init; }

    /// <summary>Skill level (threat-actor-sophistication-ov).</summary>
    public string? Sophistication { get; init; }

    /// <summary>Organizational level (attack-resource-level-ov).</summary>
    public string? ResourceLevel { get; init; }

    /// <summary>The primary motivation (attack-motivation-ov).</summary>
    public string? PrimaryMotivation { get; init; }

    /// <summary>Secondary motivations (attack-motivation-ov).</summary>
    public StixList<string>? SecondaryMotivations { get; init; }

    /// <summary>Personal motivations (attack-motivation-ov).</summary>
    public StixList<string>? PersonalMotivations { get; init; }
}
