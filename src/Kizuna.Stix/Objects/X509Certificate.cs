namespace Kizuna.Stix.Objects;

/// <summary>X.509証明書 X.509 certificate (§6.18): needs at least one property besides type and id.</summary>
public sealed record X509Certificate : StixCyberObservable
{
    /// <summary>The type name, <c>x509-certificate</c>.</summary>
    public override string Type => "x509-certificate";

    /// <summary>Whether it is self-signed.</summary>
    public bool? IsSelfSigned { get; init; }

    /// <summary>Hashes by algorithm (hash-algorithm-ov, e.g. <c>SHA-256</c>).</summary>
    public StixMap<string>? Hashes { get; init; }

    /// <summary>The X.509 version.</summary>
    public string? Version { get; init; }

    /// <summary>The serial number.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>The signature algorithm.</summary>
    public string? SignatureAlgorithm { get; init; }

    /// <summary>The issuer's name.</summary>
    public string? Issuer { get; init; }

    /// <summary>Start of validity.</summary>
    public StixTimestamp? ValidityNotBefore { get; init; }

    /// <summary>End of validity.</summary>
    public StixTimestamp? ValidityNotAfter { get; init; }

    /// <summary>The subject's name.</summary>
    public string? Subject { get; init; }

    /// <summary>The public key algorithm.</summary>
    public string? SubjectPublicKeyAlgorithm { get; init; }

    /// <summary>The RSA modulus.</summary>
    public string? SubjectPublicKeyModulus { get; init; }

    /// <summary>The RSA exponent.</summary>
    public int? SubjectPublicKeyExponent { get; init; }

    /// <summary>The v3 extensions.</summary>
    public X509V3Extensions? X509V3Extensions { get; init; }
}
