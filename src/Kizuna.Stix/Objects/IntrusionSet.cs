namespace Kizuna.Stix.Objects;

/// <summary>侵入セット Intrusion set: adversarial behaviours and resources with common properties believed to be orchestrated by one organisation (§4.9).</summary>
public sealed record IntrusionSet : StixDomainObject
{
    /// <summary>The type name, <c>intrusion-set</c>.</summary>
    public override string Type => "intrusion-set";

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Other names it is known by.</summary>
    public StixList<string>? Aliases { get; init; }

    /// <summary>When it was first seen.</summary>
    public StixTimestamp? FirstSeen { get; init; }

    /// <summary>When it was last seen.</summary>
    public StixTimestamp? LastSeen { get; init; }

    /// <summary>High-level goals.</summary>
    public StixList<string>? Goals { get; init; }

    /// <summary>Organizational level (attack-resource-level-ov).</summary>
    public string? ResourceLevel { get; init; }

    /// <summary>The primary motivation (attack-motivation-ov).</summary>
    public string? PrimaryMotivation { get; init; }

    /// <summary>Secondary motivations (attack-motivation-ov).</summary>
    public StixList<string>? SecondaryMotivations { get; init; }
}
