using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Kizuna.Stix.Extraction;

/// <summary>
/// Finds indicators in free text (an advisory's body, a report's sanitized description, a pasted
/// e-mail): URLs, e-mail addresses, CVE ids, MD5/SHA-1/SHA-256/SHA-512 hashes, IPv4 and IPv6
/// addresses, and domain names. Works on Japanese text too: a match is bounded by ASCII letters
/// and digits only, so <c>不審なevil.example.comへ</c> gives <c>evil.example.com</c>.
/// <para>
/// The text is first refanged (<see cref="Refang"/>): <c>hxxp</c>/<c>hxxps</c>/<c>fxp</c>,
/// <c>[.]</c>, <c>(.)</c>, <c>{.}</c>, <c>[dot]</c>, <c>[:]</c>, <c>[://]</c>, <c>[/]</c>,
/// <c>[@]</c>, <c>[at]</c> become what they stand for. Then, in this order, each kind is matched
/// and its span blanked so a later kind does not match inside it: URLs (so a URL's host is not also
/// listed as a domain), e-mail addresses (likewise), CVE ids, hashes, IPv4, IPv6, domains.
/// </para>
/// <para>
/// Values are normalised (see <see cref="IndicatorKind"/>), listed once each in the order of their
/// first appearance, at most <c>maxIndicators</c> of them. A domain whose last label is a common
/// file extension (<c>report.pdf</c>, <c>setup.exe</c>, also <c>.zip</c> and <c>.mov</c>, which are
/// real top-level domains but in incident text nearly always file names) is not taken for a domain.
/// Every regular expression runs with a time-out (<see cref="MatchTimeout"/>).
/// </para>
/// </summary>
public static partial class IndicatorExtractor
{
    /// <summary>The default cap on indicators returned by one call.</summary>
    public const int DefaultMaxIndicators = 1000;

    /// <summary>The default cap on the characters read: text beyond it is not searched.</summary>
    public const int DefaultMaxTextLength = 1_000_000;

    /// <summary>The time-out of each regular expression over one text.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private const int TimeoutMs = 2000;

    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "exe", "dll", "sys", "scr", "bat", "cmd", "ps", "vbs", "vbe", "js", "jse", "wsf", "hta", "msi", "lnk", "jar", "apk",
        "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "pdf", "rtf", "txt", "csv", "log", "md", "json", "xml", "yml", "yaml",
        "htm", "html", "php", "asp", "aspx", "jsp", "cgi", "py", "sh", "pl", "rb", "cs", "java", "c", "h", "cpp", "go", "rs",
        "zip", "rar", "gz", "tgz", "tar", "bz", "xz", "cab", "iso", "img", "vhd", "vhdx", "dmg", "bin", "dat", "db", "sqlite", "bak", "tmp",
        "ini", "cfg", "conf", "config", "inf", "reg", "png", "jpg", "jpeg", "gif", "bmp", "svg", "ico", "mp3", "mp4", "mov", "avi", "wav",
    };

    /// <summary>
    /// The indicators in <paramref name="text"/>, refanged and normalised, distinct, in order of first
    /// appearance. Null or empty text gives an empty list.
    /// </summary>
    /// <param name="text">Free text, possibly defanged.</param>
    /// <param name="maxIndicators">At most this many are returned (must be positive).</param>
    /// <param name="maxTextLength">Only the first this many characters are searched (must be positive).</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    /// <exception cref="RegexMatchTimeoutException">A pattern ran longer than <see cref="MatchTimeout"/>.</exception>
    public static IReadOnlyList<ExtractedIndicator> Extract(string? text, int maxIndicators = DefaultMaxIndicators, int maxTextLength = DefaultMaxTextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIndicators);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTextLength);
        if (string.IsNullOrEmpty(text)) return [];
        if (text.Length > maxTextLength) text = text[..maxTextLength];

        var work = new StringBuilder(Refang(text));
        var found = new List<(int Index, ExtractedIndicator Indicator)>();

        Scan(work, UrlRegex(), found, m =>
        {
            var value = TrimUrl(m.Value);
            return ValidUrl(value) ? (new ExtractedIndicator(IndicatorKind.Url, value), value.Length) : (null, 0);
        });
        Scan(work, EmailRegex(), found, m => ValidDomain(m.Groups["domain"].Value)
            ? (new ExtractedIndicator(IndicatorKind.Email, m.Value.ToLowerInvariant()), m.Length) : (null, 0));
        Scan(work, CveRegex(), found, m => (new ExtractedIndicator(IndicatorKind.Cve, m.Value.ToUpperInvariant()), m.Length));
        Scan(work, HashRegex(), found, m => (new ExtractedIndicator(m.Length switch
        {
            32 => IndicatorKind.Md5,
            40 => IndicatorKind.Sha1,
            64 => IndicatorKind.Sha256,
            _ => IndicatorKind.Sha512,
        }, m.Value.ToLowerInvariant()), m.Length));
        Scan(work, Ipv4Regex(), found, m => (new ExtractedIndicator(IndicatorKind.Ipv4, m.Value), m.Length));
        Scan(work, Ipv6Regex(), found, m =>
        {
            var v = m.Value;
            var colons = v.Count(ch => ch == ':');
            if ((colons < 7 && !v.Contains("::", StringComparison.Ordinal)) || !v.Any(char.IsAsciiHexDigit)) return (null, 0);
            if (!IPAddress.TryParse(v, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) return (null, 0);
            return (new ExtractedIndicator(IndicatorKind.Ipv6, ip.ToString()), m.Length);
        });
        Scan(work, DomainRegex(), found, m => ValidDomain(m.Value)
            ? (new ExtractedIndicator(IndicatorKind.Domain, m.Value.ToLowerInvariant()), m.Length) : (null, 0));

        return found.OrderBy(f => f.Index).Select(f => f.Indicator).Distinct().Take(maxIndicators).ToList();
    }

    /// <summary>
    /// The text with defanging undone: <c>hxxp(s)</c> → <c>http(s)</c>, <c>fxp</c> → <c>ftp</c>,
    /// <c>[.]</c> <c>(.)</c> <c>{.}</c> <c>[dot]</c> <c>(dot)</c> → <c>.</c>, <c>[:]</c> → <c>:</c>,
    /// <c>[://]</c> → <c>://</c>, <c>[/]</c> → <c>/</c>, <c>[@]</c> <c>(@)</c> <c>[at]</c> → <c>@</c>
    /// (brackets and words case-insensitive). Other text is unchanged.
    /// </summary>
    public static string Refang(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RefangRegex().Replace(text, m =>
        {
            if (m.Groups["scheme"].Success)
                return m.Groups["scheme"].Value.ToLowerInvariant() switch
                {
                    "hxxp" or "hxtp" or "htxp" => "http",
                    "hxxps" or "hxtps" or "htxps" => "https",
                    _ => "ftp",
                };
            var inner = m.Groups["inner"].Value.ToLowerInvariant();
            return inner switch
            {
                "." or "dot" => ".",
                ":" => ":",
                "://" => "://",
                "/" => "/",
                _ => "@",
            };
        });
    }

    /// <summary>
    /// A value made safe to show: a URL's scheme becomes <c>hxxp</c>/<c>hxxps</c>/<c>fxp</c> and the dots
    /// of its host <c>[.]</c>; the dots of a domain, an IPv4 address and an e-mail address's domain
    /// become <c>[.]</c> and its <c>@</c> <c>[@]</c>; an IPv6 address's colons become <c>[:]</c>.
    /// Hashes and CVE ids are unchanged. <see cref="Refang"/> undoes it.
    /// </summary>
    public static string Defang(IndicatorKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (kind)
        {
            case IndicatorKind.Domain:
            case IndicatorKind.Ipv4:
                return value.Replace(".", "[.]", StringComparison.Ordinal);
            case IndicatorKind.Ipv6:
                return value.Replace(":", "[:]", StringComparison.Ordinal);
            case IndicatorKind.Email:
                var at = value.LastIndexOf('@');
                return at < 0 ? value : value[..at] + "[@]" + value[(at + 1)..].Replace(".", "[.]", StringComparison.Ordinal);
            case IndicatorKind.Url:
                var sep = value.IndexOf("://", StringComparison.Ordinal);
                if (sep < 0) return value;
                var scheme = value[..sep].ToLowerInvariant() switch { "http" => "hxxp", "https" => "hxxps", "ftp" => "fxp", var s => s };
                var rest = value[(sep + 3)..];
                var end = rest.IndexOfAny(['/', '?', '#']);
                var authority = end < 0 ? rest : rest[..end];
                var tail = end < 0 ? "" : rest[end..];
                return scheme + "://" + authority.Replace(".", "[.]", StringComparison.Ordinal) + tail;
            default:
                return value;
        }
    }

    /// <summary>
    /// The STIX 2.1 pattern matching one indicator: <c>[ipv4-addr:value = '…']</c>, <c>ipv6-addr</c>,
    /// <c>domain-name</c>, <c>url</c>, <c>email-addr</c>, or <c>[file:hashes.MD5 = '…']</c> /
    /// <c>'SHA-1'</c> / <c>'SHA-256'</c> / <c>'SHA-512'</c>; null for a CVE id.
    /// </summary>
    public static string? ToStixPattern(ExtractedIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var v = indicator.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        return indicator.Kind switch
        {
            IndicatorKind.Ipv4 => $"[ipv4-addr:value = '{v}']",
            IndicatorKind.Ipv6 => $"[ipv6-addr:value = '{v}']",
            IndicatorKind.Domain => $"[domain-name:value = '{v}']",
            IndicatorKind.Url => $"[url:value = '{v}']",
            IndicatorKind.Email => $"[email-addr:value = '{v}']",
            IndicatorKind.Md5 => $"[file:hashes.MD5 = '{v}']",
            IndicatorKind.Sha1 => $"[file:hashes.'SHA-1' = '{v}']",
            IndicatorKind.Sha256 => $"[file:hashes.'SHA-256' = '{v}']",
            IndicatorKind.Sha512 => $"[file:hashes.'SHA-512' = '{v}']",
            _ => null,
        };
    }

    private static void Scan(StringBuilder work, Regex regex, List<(int, ExtractedIndicator)> found,
        Func<Match, (ExtractedIndicator? Indicator, int Length)> take)
    {
        var text = work.ToString();
        for (var m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            var (indicator, length) = take(m);
            if (indicator is null) continue;
            found.Add((m.Index, indicator));
            for (var i = m.Index; i < m.Index + length; i++) work[i] = ' ';
        }
    }

    private static string TrimUrl(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '*') url = url[..^1];
            else if (last == ')' && url.Count(c => c == '(') < url.Count(c => c == ')')) url = url[..^1];
            else if (last == ']' && url.Count(c => c == '[') < url.Count(c => c == ']')) url = url[..^1];
            else break;
        }
        return url;
    }

    private static bool ValidUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return false;
        return uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || (uri.HostNameType == UriHostNameType.Dns && uri.Host.Contains('.'));
    }

    private static bool ValidDomain(string domain)
    {
        if (domain.Length > 253) return false;
        var tld = domain[(domain.LastIndexOf('.') + 1)..];
        return !FileExtensions.Contains(tld);
    }

    [GeneratedRegex(@"(?<![A-Za-z])(?<scheme>hxxps?|hxtps?|htxps?|fxp)(?=\[?:)|[\[\(\{](?<inner>\.|dot|:|://|/|@|at)[\]\)\}]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex RefangRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex UrlRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@(?<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9\-]{1,59}))(?![A-Za-z0-9_\-]|\.[A-Za-z0-9])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9])CVE-\d{4}-\d{4,7}(?![0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex CveRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:[0-9A-Fa-f]{128}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32})(?![A-Za-z0-9])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex HashRegex();

    [GeneratedRegex(@"(?<![0-9A-Za-z.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9A-Za-z]|\.\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Ipv4Regex();

    [GeneratedRegex(@"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Ipv6Regex();

    [GeneratedRegex(@"(?<![A-Za-z0-9_@.\-])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9\-]{1,59})(?![A-Za-z0-9_\-]|\.[A-Za-z0-9])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex DomainRegex();
}
