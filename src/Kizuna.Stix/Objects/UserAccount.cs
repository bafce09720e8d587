namespace Kizuna.Stix.Objects;

/// <summary>ユーザアカウント User account (§6.16).</summary>
public sealed record UserAccount : StixCyberObservable
{
    /// <summary>The type name, <c>user-account</c>.</summary>
    public override string Type => "user-account";

    /// <summary>The account id (e.g. a UID).</summary>
    public string? UserId { get; init; }

    /// <summary>A cleartext credential.</summary>
    public string? Credential { get; init; }

    /// <summary>The login name.</summary>
    public string? AccountLogin { get; init; }

    /// <summary>The kind of account (account-type-ov).</summary>
    public string? AccountType { get; init; }

    /// <summary>The display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Whether it is a service account.</summary>
    public bool? IsServiceAccount { get; init; }

    /// <summary>Whether it has elevated privileges.</summary>
    public bool? IsPrivileged { get; init; }

    /// <summary>Whether it can escalate privileges.</summary>
    public bool? CanEscalatePrivs { get; init; }

    /// <summary>Whether it is disabled.</summary>
    public bool? IsDisabled { get; init; }

    /// <summary>When it was created.</summary>
    public StixTimestamp? AccountCreated { get; init; }

    /// <summary>When it expires.</summary>
    public StixTimestamp? AccountExpires { get; init; }

    /// <summary>When the credential last changed.</summary>
    public StixTimestamp? CredentialLastChanged { get; init; }

    /// <summary>First login.</summary>
    public StixTimestamp? AccountFirstLogin { get; init; }

    /// <summary>Last login.</summary>
    public StixTimestamp? AccountLastLogin { get; init; }
}
