namespace Kizuna.Stix.Objects;

/// <summary>注記 Note: analyst commentary on other objects (§4.13).</summary>
public sealed record Note : StixDomainObject
{
    /// <summary>The type name, <c>note</c>.</summary>
    public override string Type => "note";

    /// <summary>A brief summary.</summary>
    public string? Abstract { get; init; }

    /// <summary>The note text; required.</summary>
    public string? Content { get; init; }

    /// <summary>The authors.</summary>
    public StixList<string>? Authors { get; init; }

    /// <summary>The objects the note is about; required.</summary>
    public StixList<string>? ObjectRefs { get; init; }
}
