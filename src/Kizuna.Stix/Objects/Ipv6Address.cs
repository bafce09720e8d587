namespace Kizuna.Stix.Objects;

/// <summary>IPv6アドレス IPv6 address or CIDR block (§6.9).</summary>
public sealed record Ipv6Address : StixCyberObservable
{
    /// <summary>The type name, <c>ipv6-addr</c>.</summary>
    public override string Type => "ipv6-addr";

    /// <summary>The address or CIDR block; required.</summary>
    public string? Value { get; init; }

    /// <summary>MAC addresses it resolves to.</summary>
    public StixList<string>? ResolvesToRefs { get; init; }

    /// <summary>The autonomous systems it belongs to.</summary>
    public StixList<string>? BelongsToRefs { get; init; }
}
