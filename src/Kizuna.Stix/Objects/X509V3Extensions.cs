namespace Kizuna.Stix.Objects;

/// <summary>The X.509 v3 extensions of a certificate (STIX 2.1 §6.18.2), as strings in the usual notation.</summary>
public sealed record X509V3Extensions : StixNode
{
    /// <summary>Basic constraints.</summary>
    public string? BasicConstraints { get; init; }
    /// <summary>Name constraints.</summary>
    public string? NameConstraints { get; init; }
    /// <summary>Policy constraints.</summary>
    public string? PolicyConstraints { get; init; }
    /// <summary>Key usage.</summary>
    public string? KeyUsage { get; init; }
    /// <summary>Extended key usage.</summary>
    public string? ExtendedKeyUsage { get; init; }
    /// <summary>Subject key identifier.</summary>
    public string? SubjectKeyIdentifier { get; init; }
    /// <summary>Authority key identifier.</summary>
    public string? AuthorityKeyIdentifier { get; init; }
    /// <summary>Subject alternative name.</summary>
    public string? SubjectAlternativeName { get; init; }
    /// <summary>Issuer alternative name.</summary>
    public string? IssuerAlternativeName { get; init; }
    /// <summary>Subject directory attributes.</summary>
    public string? SubjectDirectoryAttributes { get; init; }
    /// <summary>CRL distribution points.</summary>
    public string? CrlDistributionPoints { get; init; }
    /// <summary>Inhibit any-policy.</summary>
    public string? InhibitAnyPolicy { get; init; }
    /// <summary>Start of the private key usage period.</summary>
    public StixTimestamp? PrivateKeyUsagePeriodNotBefore { get; init; }
    /// <summary>End of the private key usage period.</summary>
    public StixTimestamp? PrivateKeyUsagePeriodNotAfter { get; init; }
    /// <summary>Certificate policies.</summary>
    public string? CertificatePolicies { get; init; }
    /// <summary>Policy mappings.</summary>
    public string? PolicyMappings { get; init; }
}
