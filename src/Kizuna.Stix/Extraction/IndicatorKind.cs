namespace Kizuna.Stix.Extraction;

/// <summary>The kinds of indicator <see cref="IndicatorExtractor"/> finds in free text.</summary>
public enum IndicatorKind
{
    /// <summary>An IPv4 address, dotted decimal (<c>192.0.2.10</c>).</summary>
    Ipv4,
    /// <summary>An IPv6 address in any RFC 5952 / RFC 4291 text form, normalised to its compressed lower-case form.</summary>
    Ipv6,
    /// <summary>A domain name with a letter top-level label (<c>evil.example.com</c>), lower case.</summary>
    Domain,
    /// <summary>An http, https or ftp URL.</summary>
    Url,
    /// <summary>An e-mail address, lower case.</summary>
    Email,
    /// <summary>An MD5 hash (32 hex digits), lower case.</summary>
    Md5,
    /// <summary>A SHA-1 hash (40 hex digits), lower case.</summary>
    Sha1,
    /// <summary>A SHA-256 hash (64 hex digits), lower case.</summary>
    Sha256,
    /// <summary>A SHA-512 hash (128 hex digits), lower case.</summary>
    Sha512,
    /// <summary>A CVE id (<c>CVE-2024-12345</c>), upper case.</summary>
    Cve,
}

/// <summary>One indicator found in text: its kind and its refanged, normalised value.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Value">The value, refanged and normalised (see <see cref="IndicatorKind"/>); never defanged.</param>
public sealed record ExtractedIndicator(IndicatorKind Kind, string Value)
{
    /// <summary>The value made safe to show or paste (see <see cref="IndicatorExtractor.Defang"/>).</summary>
    public string Defanged => IndicatorExtractor.Defang(Kind, Value);

    /// <summary>The STIX 2.1 pattern matching this indicator, or null for a CVE id (a vulnerability, not an observable).</summary>
    public string? StixPattern => IndicatorExtractor.ToStixPattern(this);
}
