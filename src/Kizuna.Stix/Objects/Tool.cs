namespace Kizuna.Stix.Objects;

/// <summary>ツール Tool: legitimate software that can be used by threat actors (§4.18).</summary>
public sealed record Tool : StixDomainObject
{
    /// <summary>The type name, <c>tool</c>.</summary>
    public override string Type => "tool";

    /// <summary>The name; required.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Categories (tool-type-ov).</summary>
    public StixList<string>? ToolTypes { get; init; }

    /// <summary>Other names it is known by.</summary>
    public StixList<string>? Aliases { get; init; }

    /// <summary>The kill-chain phases it belongs to.</summary>
    public StixList<KillChainPhase>? KillChainPhases { get; init; }

    /// <summary>The version.</summary>
    public string? ToolVersion { get; init; }
}
