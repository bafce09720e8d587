namespace Kizuna.Stix.Objects;

/// <summary>キャンペーン Campaign: a grouping of adversarial behaviours over time against a set of targets (§4.2).</summary>
public sealed record Campaign : StixDomainObject
{
    /// <summary>The type name, <c>campaign</c>.</summary>
    public override string Type => "campaign";

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

    /// <summary>The campaign's primary goal.</summary>
    public string? Objective { get; init; }
}
