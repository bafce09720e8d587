namespace Kizuna.Stix.Objects;

/// <summary>攻撃手法 Attack pattern: a type of TTP that describes how adversaries try to compromise targets (STIX 2.1 §4.1).</summary>
public sealed record AttackPattern : StixDomainObject
{
    /// <summary>The type name, <c>attack-pattern</c>.</summary>
    public override string Type => "attack-pattern";

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Other names it is known by.</summary>
    public StixList<string>? Aliases { get; init; }

    /// <summary>The kill-chain phases it belongs to.</summary>
    public StixList<KillChainPhase>? KillChainPhases { get; init; }
}
