namespace Kizuna.Stix.Objects;

/// <summary>関係 Relationship: links a source and a target object (§5.1); not to SROs, bundles, language content or marking definitions.</summary>
public sealed record Relationship : StixRelationshipObject
{
    /// <summary>The type name, <c>relationship</c>.</summary>
    public override string Type => "relationship";

    /// <summary>The relationship name (e.g. <c>indicates</c>, <c>uses</c>, or custom); required.</summary>
    public string? RelationshipType { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>The source object id; required.</summary>
    public string? SourceRef { get; init; }

    /// <summary>The target object id; required.</summary>
    public string? TargetRef { get; init; }

    /// <summary>When the relationship started.</summary>
    public StixTimestamp? StartTime { get; init; }

    /// <summary>When it ended; after <see cref="StartTime"/>.</summary>
    public StixTimestamp? StopTime { get; init; }
}
