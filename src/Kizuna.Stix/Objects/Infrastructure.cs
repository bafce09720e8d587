namespace Kizuna.Stix.Objects;

/// <summary>インフラストラクチャ Infrastructure: systems or services used for an attack or its defence (§4.8).</summary>
public sealed record Infrastructure : StixDomainObject
{
    /// <summary>The type name, <c>infrastructure</c>.</summary>
    public override string Type => "infrastructure";

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Categories (infrastructure-type-ov).</summary>
    public StixList<string>? InfrastructureTypes { get; init; }

    /// <summary>Other names it is known by.</summary>
    public StixList<string>? Aliases { get; init; }

    /// <summary>The kill-chain phases it belongs to.</summary>
    public StixList<KillChainPhase>? KillChainPhases { get; init; }

    /// <summary>When it was first seen.</summary>
    public StixTimestamp? FirstSeen { get; init; }

    /// <summary>When it was last seen.</summary>
    public StixTimestamp? LastSeen { get; init; }
}
