namespace Kizuna.Stix.Objects;

/// <summary>ソフトウェア Software product (§6.14).</summary>
public sealed record Software : StixCyberObservable
{
    /// <summary>The type name, <c>software</c>.</summary>
    public override string Type => "software";

    /// <summary>The name; required.</summary>
    public string? Name { get; init; }

    /// <summary>The CPE 2.3 name.</summary>
    public string? Cpe { get; init; }

    /// <summary>The SWID tag id.</summary>
    public string? Swid { get; init; }

    /// <summary>Supported languages (ISO 639-2).</summary>
    public StixList<string>? Languages { get; init; }

    /// <summary>The vendor.</summary>
    public string? Vendor { get; init; }

    /// <summary>The version.</summary>
    public string? Version { get; init; }
}
