namespace Kizuna.Stix.Objects;

/// <summary>MACアドレス MAC address (§6.10): colon-delimited, lower case, with leading zeros.</summary>
public sealed record MacAddress : StixCyberObservable
{
    /// <summary>The type name, <c>mac-addr</c>.</summary>
    public override string Type => "mac-addr";

    /// <summary>The address, e.g. <c>d2:fb:49:24:37:18</c>; required.</summary>
    public string? Value { get; init; }
}
