namespace Kizuna.Stix.Objects;

/// <summary>IPv4アドレス IPv4 address or CIDR block (§6.8).</summary>
public sealed record Ipv4Address : StixCyberObservable
{
    /// <summary>The type name, <c>ipv4-addr</c>.</summary>
    public override string Type => "ipv4-addr";

    /// <summary>The address or CIDR block; required.</summary>
    public string? Value { get; init; }

    /// <summary>MAC addresses it resolves to.</summary>
    public StixList<string>? ResolvesToRefs { get; init; }

    /// <summary>The autonomous systems it belongs to.</summary>
    public StixList<string>? BelongsToRefs { get; init; }
}
