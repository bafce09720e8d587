namespace Kizuna.Stix.Objects;

/// <summary>対処方法 Course of action: a recommendation to prevent or respond to an attack (§4.3).</summary>
public sealed record CourseOfAction : StixDomainObject
{
    /// <summary>The type name, <c>course-of-action</c>.</summary>
    public override string Type => "course-of-action";

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }
}
