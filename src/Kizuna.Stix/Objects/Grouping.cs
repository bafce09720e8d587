namespace Kizuna.Stix.Objects;

/// <summary>グルーピング Grouping: objects asserted to be related to a shared context (§4.4).</summary>
public sealed record Grouping : StixDomainObject
{
    /// <summary>The type name, <c>grouping</c>.</summary>
    public override string Type => "grouping";

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>The context (grouping-context-ov, e.g. <c>suspicious-activity</c>); required.</summary>
    public string? Context { get; init; }

    /// <summary>The grouped objects; required.</summary>
    public StixList<string>? ObjectRefs { get; init; }
}
