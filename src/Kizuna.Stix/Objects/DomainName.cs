namespace Kizuna.Stix.Objects;

/// <summary>ドメイン名 Domain name (§6.4).</summary>
public sealed record DomainName : StixCyberObservable
{
    /// <summary>The type name, <c>domain-name</c>.</summary>
    public override string Type => "domain-name";

    /// <summary>The domain name; required.</summary>
    public string? Value { get; init; }

    /// <summary>What it resolves to (ipv4-addr, ipv6-addr, domain-name ids).</summary>
    public StixList<string>? ResolvesToRefs { get; init; }
}
