namespace Kizuna.Stix.Objects;

/// <summary>URL (§6.15).</summary>
public sealed record Url : StixCyberObservable
{
    /// <summary>The type name, <c>url</c>.</summary>
    public override string Type => "url";

    /// <summary>The URL (RFC 3986); required.</summary>
    public string? Value { get; init; }
}
