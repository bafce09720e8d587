using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// Turns an observable value as written (正規化) into its canonical <see cref="ObservableKey"/>, so the same
/// thing written two ways correlates: domains lower-cased, IDN to punycode, trailing dot removed; IPv4/IPv6
/// in canonical text (IPv4-mapped IPv6 as IPv4), a CIDR as its network address (a full-length prefix is the
/// address alone); URLs with scheme and host lower-cased, the default port removed, percent-encoding
/// normalized (unreserved characters decoded, other escapes upper-case) and the fragment dropped; hashes in
/// lower-case hex, typed by length or by the STIX hash name; e-mail addresses lower-cased. Defanged forms
/// (<c>hxxp</c>, <c>[.]</c>, <c>[at]</c>) are read as what they stand for. Pure: no I/O.
/// </summary>
public static partial class ObservableNormalizer
{
    /// <summary>Values longer than this are refused (a URL of 8 KiB is not an indicator).</summary>
    public const int MaxInputLength = 8192;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>Normalizes <paramref name="value"/> as <paramref name="type"/> (one of <see cref="ObservableTypes.Accepted"/>, or null to recognise it).</summary>
    public static bool TryNormalize(string? type, string? value, out ObservableKey key, out string error)
    {
        key = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(value)) return Fail("The value is empty.", out error);
        if (value.Length > MaxInputLength) return Fail($"The value is longer than {MaxInputLength} characters.", out error);
        var v = Refang(value.Trim().Trim('"', '\'', '<', '>').Trim());
        var t = type?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(t)) t = Recognise(v);
        if (t is null) return Fail("The value is not an IP address, network, domain, URL, hash or e-mail address.", out error);
        string? canonical;
        switch (t)
        {
            case "ip" or ObservableTypes.Ipv4 or ObservableTypes.Ipv6:
                canonical = Address(v, out var family);
                if (canonical is null) return Fail($"'{Cut(value)}' is not an IP address or network.", out error);
                if (t != "ip" && t != family) return Fail($"'{Cut(value)}' is an {family} value, not {t}.", out error);
                t = family;
                break;
            case ObservableTypes.Domain:
                canonical = Domain(v);
                if (canonical is null) return Fail($"'{Cut(value)}' is not a domain name.", out error);
                break;
            case ObservableTypes.Url:
                canonical = Url(v);
                if (canonical is null) return Fail($"'{Cut(value)}' is not an absolute URL.", out error);
                break;
            case ObservableTypes.Email:
                canonical = Email(v);
                if (canonical is null) return Fail($"'{Cut(value)}' is not an e-mail address.", out error);
                break;
            case "hash" or "file-hash" or ObservableTypes.Md5 or ObservableTypes.Sha1 or ObservableTypes.Sha256 or ObservableTypes.Sha512:
                var h = v.ToLowerInvariant();
                var byLength = HashTypeOf(h);
                if (byLength is null) return Fail($"'{Cut(value)}' is not an MD5, SHA-1, SHA-256 or SHA-512 hash in hex.", out error);
                if (t is not ("hash" or "file-hash") && t != byLength) return Fail($"'{Cut(value)}' has the length of {byLength}, not {t}.", out error);
                t = byLength;
                canonical = h;
                break;
            default:
                return Fail($"Unknown observable type '{type}'; use one of {string.Join(", ", ObservableTypes.Accepted)}.", out error);
        }
        key = new ObservableKey(t, canonical);
        return true;
    }

    /// <summary>The key, or null when the value is not valid for the type.</summary>
    public static ObservableKey? Normalize(string? type, string? value) => TryNormalize(type, value, out var key, out _) ? key : null;

    /// <summary>The observable type for a STIX hash algorithm name (<c>MD5</c>, <c>SHA-1</c>, <c>SHA-256</c>, <c>SHA-512</c>), or null.</summary>
    public static string? HashTypeOfStixName(string name) => name.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) switch
    {
        "MD5" => ObservableTypes.Md5,
        "SHA1" => ObservableTypes.Sha1,
        "SHA256" => ObservableTypes.Sha256,
        "SHA512" => ObservableTypes.Sha512,
        _ => null,
    };

    private static string? HashTypeOf(string h)
    {
        if (!h.All(char.IsAsciiHexDigit)) return null;
        return h.Length switch
        {
            32 => ObservableTypes.Md5,
            40 => ObservableTypes.Sha1,
            64 => ObservableTypes.Sha256,
            128 => ObservableTypes.Sha512,
            _ => null,
        };
    }

    private static string? Recognise(string v)
    {
        if (v.Contains("://", StringComparison.Ordinal)) return ObservableTypes.Url;
        if (v.Contains('@')) return ObservableTypes.Email;
        if (HashTypeOf(v.ToLowerInvariant()) is { } hash) return hash;
        if (Address(v, out _) is not null) return "ip";
        if (Domain(v) is not null) return ObservableTypes.Domain;
        return null;
    }

    /// <summary>Canonical address or network text and its family (<c>ipv4</c>/<c>ipv6</c>), or null.</summary>
    private static string? Address(string v, out string family)
    {
        family = "";
        var slash = v.IndexOf('/');
        var addressPart = slash < 0 ? v : v[..slash];
        if (addressPart.StartsWith('[') && addressPart.EndsWith(']')) addressPart = addressPart[1..^1];
        int? prefix = null;
        if (slash >= 0)
        {
            if (!int.TryParse(v.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)) return null;
            prefix = p;
        }
        // IPAddress.TryParse reads "1" or "1.2" as IPv4: only four dotted decimals count.
        if (addressPart.Contains(':'))
        {
            if (!IPAddress.TryParse(addressPart, out var a6) || a6.AddressFamily != AddressFamily.InterNetworkV6) return null;
            if (a6.IsIPv4MappedToIPv6 && prefix is null) return Ipv4Text(a6.MapToIPv4(), null, out family);
            a6.ScopeId = 0;
            family = ObservableTypes.Ipv6;
            return Network(a6, prefix, 128);
        }
        if (!DottedQuad().IsMatch(addressPart) || !IPAddress.TryParse(addressPart, out var a4)) return null;
        return Ipv4Text(a4, prefix, out family);
    }

    private static string? Ipv4Text(IPAddress a, int? prefix, out string family)
    {
        family = ObservableTypes.Ipv4;
        return Network(a, prefix, 32);
    }

    private static string? Network(IPAddress address, int? prefix, int bits)
    {
        if (prefix is null || prefix == bits) return address.ToString();
        if (prefix < 0 || prefix > bits) return null;
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix.Value - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes) + "/" + prefix.Value.ToString(CultureInfo.InvariantCulture);
    }

    private static string? Domain(string v)
    {
        var d = v.TrimEnd('.');
        if (d.Length == 0 || d.Length > 253 * 4) return null;
        string ascii;
        try
        {
            ascii = Idn.GetAscii(d.ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (ascii.Length > 253) return null;
        var labels = ascii.Split('.');
        if (labels.Length < 2) return null;
        foreach (var l in labels)
        {
            if (l.Length is 0 or > 63) return null;
            if (!l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        }
        // A dotted quad is an address, not a domain.
        return labels[^1].All(char.IsAsciiDigit) ? null : ascii;
    }

    private static string? Email(string v)
    {
        var at = v.LastIndexOf('@');
        if (at <= 0 || at == v.Length - 1) return null;
        var local = v[..at];
        if (local.Any(c => char.IsWhiteSpace(c) || c == '@') || local.Length > 64) return null;
        var domain = Domain(v[(at + 1)..]);
        return domain is null ? null : local.ToLowerInvariant() + "@" + domain;
    }

    private static string? Url(string v)
    {
        var m = UrlParts().Match(v);
        if (!m.Success) return null;
        var scheme = m.Groups["scheme"].Value.ToLowerInvariant();
        var authority = m.Groups["authority"].Value;
        var rest = m.Groups["rest"].Value;
        var userInfo = "";
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            userInfo = authority[..(at + 1)];
            authority = authority[(at + 1)..];
        }
        string hostPart = authority, portPart = "";
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0) return null;
            hostPart = authority[..(close + 1)];
            portPart = authority[(close + 1)..];
        }
        else if (authority.LastIndexOf(':') is var colon and >= 0)
        {
            hostPart = authority[..colon];
            portPart = authority[colon..];
        }
        if (portPart.Length > 0)
        {
            if (!portPart.StartsWith(':') || !int.TryParse(portPart.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535) return null;
            portPart = port == DefaultPort(scheme) || portPart.Length == 1 ? "" : ":" + port.ToString(CultureInfo.InvariantCulture);
        }
        var decodedHost = Unescape(hostPart);
        string? host = decodedHost.StartsWith('[')
            ? Address(decodedHost, out var fam) is { } a && fam == ObservableTypes.Ipv6 && !a.Contains('/') ? "[" + a + "]" : null
            : Address(decodedHost, out _) is { } a4 && !a4.Contains('/') && !a4.Contains(':') ? a4 : Domain(decodedHost) ?? SingleLabel(decodedHost);
        if (host is null) return null;
        var path = NormalizeEscapes(rest);
        if (path.Length == 0 || path[0] == '?') path = "/" + path;
        return scheme + "://" + NormalizeEscapes(userInfo) + host + portPart + path;
    }

    private static string? SingleLabel(string host)
    {
        var h = host.TrimEnd('.').ToLowerInvariant();
        return h.Length is > 0 and <= 63 && h.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? h : null;
    }

    private static int DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        "ftp" => 21,
        _ => -1,
    };

    private static string Unescape(string s) => s.Contains('%') ? Uri.UnescapeDataString(s) : s;

    /// <summary>Decodes escapes of unreserved characters (RFC 3986 §2.3) and upper-cases the hex of the rest.</summary>
    private static string NormalizeEscapes(string s)
    {
        if (!s.Contains('%')) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]))
            {
                var b = (char)Convert.ToByte(s.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(b) || b is '-' or '.' or '_' or '~') sb.Append(b);
                else sb.Append('%').Append(char.ToUpperInvariant(s[i + 1])).Append(char.ToUpperInvariant(s[i + 2]));
                i += 2;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>Reads defanged notation (<c>hxxp://</c>, <c>example[.]com</c>, <c>a[at]b</c>) as what it stands for.</summary>
    public static string Refang(string v)
    {
        if (v.IndexOfAny(['[', '(', '{', 'x', 'X']) < 0) return v;
        var s = Defanged().Replace(v, m => m.Value.Contains("at", StringComparison.OrdinalIgnoreCase) || m.Value.Contains('@') ? "@"
            : m.Value.Contains(':') ? ":" : ".");
        return HxxpScheme().Replace(s, m => m.Value.Replace("xx", "tt", StringComparison.OrdinalIgnoreCase));
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    private static string Cut(string s) => s.Length <= 80 ? s : s[..79] + "…";

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?<authority>[^/?#\s]+)(?<rest>[^#\s]*)(#.*)?$")]
    private static partial Regex UrlParts();

    [GeneratedRegex(@"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\[:\]|\[at\]|\(at\)|\{at\}|\[@\]", RegexOptions.IgnoreCase)]
    private static partial Regex Defanged();

    [GeneratedRegex(@"^h(xx|XX)ps?(?=(://|\[:\]//))", RegexOptions.IgnoreCase)]
    private static partial Regex HxxpScheme();
}
