namespace Kizuna.Stix.Objects;

/// <summary>メールアドレス Email address (§6.5).</summary>
public sealed record EmailAddress : StixCyberObservable
{
    /// <summary>The type name, <c>email-addr</c>.</summary>
    public override string Type => "email-addr";

    /// <summary>The address (addr-spec of RFC 5322); required.</summary>
    public string? Value { get; init; }

    /// <summary>The display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The user account it belongs to.</summary>
    public string? BelongsToRef { get; init; }
}
