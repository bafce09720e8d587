namespace Kizuna.Stix.Validation;

/// <summary>How serious a validation finding is.</summary>
public enum StixSeverity
{
    /// <summary>A SHOULD of the specification is not met; the object is still accepted.</summary>
    Warning = 0,
    /// <summary>A MUST of the specification is broken; the object is refused.</summary>
    Error = 1,
}

/// <summary>
/// One validation finding: which object (<see cref="ObjectId"/>, null when the object has no usable id),
/// which property (<see cref="Property"/>, a path such as <c>external_references[0].source_name</c>; null for the
/// object as a whole) and what is wrong.
/// </summary>
public sealed record StixValidationIssue(StixSeverity Severity, string? ObjectId, string? Property, string Message)
{
    /// <summary>E.g. <c>error: indicator--… valid_until: must be later than valid_from</c>.</summary>
    public override string ToString()
        => $"{(Severity == StixSeverity.Error ? "error" : "warning")}: {ObjectId ?? "(no id)"}{(Property is null ? "" : " " + Property)}: {Message}";
}
