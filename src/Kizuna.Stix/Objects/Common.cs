namespace Kizuna.Stix.Objects;

/// <summary>A reference to non-STIX information (STIX 2.1 §2.5): needs <c>source_name</c> and one of description, url or external_id.</summary>
public sealed record ExternalReference : StixNode
{
    /// <summary>The source, e.g. <c>cve</c> or <c>capec</c>.</summary>
    public string? SourceName { get; init; }
    /// <summary>A human-readable description.</summary>
    public string? Description { get; init; }
    /// <summary>A URL to the external information.</summary>
    public string? Url { get; init; }
    /// <summary>Hashes of the content at <see cref="Url"/>.</summary>
    public StixMap<string>? Hashes { get; init; }
    /// <summary>The identifier in the external source, e.g. <c>CVE-2016-1234</c>.</summary>
    public string? ExternalId { get; init; }
}

/// <summary>A phase of a kill chain (STIX 2.1 §2.8).</summary>
public sealed record KillChainPhase : StixNode
{
    /// <summary>The kill chain, e.g. <c>lockheed-martin-cyber-kill-chain</c>.</summary>
    public string? KillChainName { get; init; }
    /// <summary>The phase within it.</summary>
    public string? PhaseName { get; init; }
}

/// <summary>A marking that applies to selected properties (STIX 2.1 §7.2.3): exactly one of <see cref="Lang"/> or <see cref="MarkingRef"/>.</summary>
public sealed record GranularMarking : StixNode
{
    /// <summary>The language of the selected content.</summary>
    public string? Lang { get; init; }
    /// <summary>The marking definition that applies.</summary>
    public string? MarkingRef { get; init; }
    /// <summary>Selectors of the marked properties (e.g. <c>description</c>, <c>labels.[1]</c>).</summary>
    public StixList<string>? Selectors { get; init; }
}
