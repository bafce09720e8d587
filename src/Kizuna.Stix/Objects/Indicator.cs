namespace Kizuna.Stix.Objects;

/// <summary>指標 Indicator: a pattern that can detect suspicious or malicious activity (§4.7).</summary>
public sealed record Indicator : StixDomainObject
{
    /// <summary>The type name, <c>indicator</c>.</summary>
    public override string Type => "indicator";

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>Categories (indicator-type-ov).</summary>
    public StixList<string>? IndicatorTypes { get; init; }

    /// <summary>The detection pattern in <see cref="PatternType"/>'s language; required.</summary>
    public string? Pattern { get; init; }

    /// <summary>The pattern language (pattern-type-ov: stix, pcre, sigma, snort, suricata, yara); required.</summary>
    public string? PatternType { get; init; }

    /// <summary>The version of the pattern language.</summary>
    public string? PatternVersion { get; init; }

    /// <summary>From when the indicator is valid; required.</summary>
    public StixTimestamp? ValidFrom { get; init; }

    /// <summary>Until when it is valid; after <see cref="ValidFrom"/>.</summary>
    public StixTimestamp? ValidUntil { get; init; }

    /// <summary>The kill-chain phases it belongs to.</summary>
    public StixList<KillChainPhase>? KillChainPhases { get; init; }
}
