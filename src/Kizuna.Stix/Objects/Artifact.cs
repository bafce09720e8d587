namespace Kizuna.Stix.Objects;

/// <summary>アーティファクト Artifact: an array of bytes, inline (base64) or by URL (§6.1).</summary>
public sealed record Artifact : StixCyberObservable
{
    /// <summary>The type name, <c>artifact</c>.</summary>
    public override string Type => "artifact";

    /// <summary>The MIME type.</summary>
    public string? MimeType { get; init; }

    /// <summary>The content, base64; exclusive with <see cref="Url"/>.</summary>
    public string? PayloadBin { get; init; }

    /// <summary>Where the content can be fetched; needs <see cref="Hashes"/>.</summary>
    public string? Url { get; init; }

    /// <summary>Hashes by algorithm (hash-algorithm-ov, e.g. <c>SHA-256</c>).</summary>
    public StixMap<string>? Hashes { get; init; }

    /// <summary>The encryption (encryption-algorithm-enum: AES-256-GCM, ChaCha20-Poly1305, mime-type-indicated).</summary>
    public string? EncryptionAlgorithm { get; init; }

    /// <summary>The decryption key.</summary>
    public string? DecryptionKey { get; init; }
}
