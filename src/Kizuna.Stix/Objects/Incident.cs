namespace Kizuna.Stix.Objects;

/// <summary>インシデント Incident: a security incident (a stub in STIX 2.1, §4.6).</summary>
public sealed record Incident : StixDomainObject
{
    /// <summary>The type name, <c>incident</c>.</summary>
    public override string Type => "incident";

    /// <summary>The name; required.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>The kill-chain phases it belongs to.</summary>
    public StixList<KillChainPhase>? KillChainPhases { get; init; }
}
