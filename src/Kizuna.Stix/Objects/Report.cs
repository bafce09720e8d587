namespace Kizuna.Stix.Objects;

/// <summary>レポート Report: a collection of threat intelligence on a topic (§4.16).</summary>
public sealed record Report : StixDomainObject
{
    /// <summary>The type name, <c>report</c>.</summary>
    public override string Type => "report";

    /// <summary>The name; required.</summary>
    public string? Name { get; init; }

    /// <summary>A description, possibly in Markdown.</summary>
    public string? Description { get; init; }

    /// <summary>The primary subjects (report-type-ov).</summary>
    public StixList<string>? ReportTypes { get; init; }

    /// <summary>When the report was officially published; required.</summary>
    public StixTimestamp? Published { get; init; }

    /// <summary>The objects referred to; required.</summary>
    public StixList<string>? ObjectRefs { get; init; }
}
