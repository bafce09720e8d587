using System.Text.RegularExpressions;

namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// Source-generated patterns for identifiers with a shape (addresses, numbers, host names). They run
/// on text normalized by <see cref="TextNormalizer"/> (half-width, ASCII lower case) and accept the
/// usual defanged forms ("example[.]co[.]jp", "user[at]example.jp", "hxxps://").
/// </summary>
internal static partial class IdentifierPatterns
{
    private const string Dot = @"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))";
    private const string At = @"(?:@|\[@\]|\(@\)|\[at\]|\(at\)|\{at\})";
    private const string AsciiLabel = @"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?";
    private const string AnyLabel = @"(?:[a-z0-9_-]+|[^\x00-\x7f\s、。，．・「」『』（）【】〔〕［］｛｝〈〉《》]+)";

    /// <summary>Any e-mail address: all of them identify people. The domain part may be internal (no dot) or internationalized.</summary>
    [GeneratedRegex(@"(?<![a-z0-9._%+-])[a-z0-9._%+-]+" + At + AnyLabel + "(?:" + Dot + AnyLabel + ")*", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex Email();

    /// <summary>A URL with a scheme (also defanged "hxxp", "[:]//"); the host is judged afterwards.</summary>
    [GeneratedRegex(@"(?<![a-z0-9])(?:h[tx]{2}ps?|s?ftp|ftps|smb|cifs|file|ldaps?|rdp|wss?|ssh|telnet|vnc|nfs)(?::|\[:\])//[^\s<>""'\x80-\uffff]*", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex Url();

    /// <summary>A dotted name (labels joined by dots, defanged dots too); whether it identifies is judged afterwards.</summary>
    [GeneratedRegex(@"(?<![a-z0-9_-])" + AsciiLabel + "(?:" + Dot + AsciiLabel + ")+", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex DottedName();

    /// <summary>
    /// Japanese phone numbers in their written forms (03-1234-5678, 0120-123-456, (03)1234-5678,
    /// +81-3-5555-0101), anchored with \G: tried at every '0', '+' and '(' so that a number run
    /// together with letters or digits ("TEL03-…", "…7703-5555-0199") is still found. Digit count checked afterwards.
    /// </summary>
    [GeneratedRegex(@"\G(?:\+81[ -]?(?:\(0\)[ -]?)?|\(0|0)[0-9]{1,4}\)?[ -]?\(?[0-9]{1,4}\)?[ -]?[0-9]{3,4}", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex JapanesePhone();

    /// <summary>International numbers (+1 202 555 0100): an overseas office identifies as well as a domestic one.</summary>
    [GeneratedRegex(@"\+[1-9][0-9]{0,2}(?:[ -]?\(?[0-9]{1,5}\)?){2,5}", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex InternationalPhone();

    /// <summary>Windows-style host names: letters then digits (SRV-DB01, PC-1234, WS0231), and the default WIN-/DESKTOP-/LAPTOP- names.</summary>
    [GeneratedRegex(@"(?<![a-z0-9])(?:[a-z]{2,}(?:-[a-z]+)*-?[0-9]{2,}[a-z0-9]*(?:-[a-z0-9]+)*|(?:win|desktop|laptop)-[a-z0-9]{4,})(?![a-z0-9])", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex WindowsHost();

    /// <summary>Public identifiers that look like host names but are worth sharing (CVE-2024-1234, APT29, KB5034441, SHA256, JP-13).</summary>
    [GeneratedRegex(@"^(?:cve-[0-9]{4}-[0-9]{4,}|cwe-[0-9]+|capec-[0-9]+|jvndb-[0-9]{4}-[0-9]+|jvn[0-9]{8}|ms[0-9]{2}-[0-9]{3}|kb[0-9]{6,7}|apt-?[0-9]{1,2}|ta[0-9]{3,4}|fin[0-9]{1,2}|unc[0-9]{3,4}|(?:dev|storm)-[0-9]{4}|sha-?(?:1|224|256|384|512)|aes-?(?:128|192|256)|rsa-?[0-9]{4}|(?:tls|ssl)-?[0-9]{1,2}|(?:rfc|iso|iec|jis|nist)-?[0-9]+(?:-[0-9]+)*|fy[0-9]{2,4}|utf-?(?:8|16|32)|cvss-?[0-9]{1,2}|https?-?[0-9]|jp-[0-9]{2}|covid-?19|windows[0-9]{1,2}|win[0-9]{1,2})$", RegexOptions.CultureInvariant)]
    public static partial Regex PublicIdentifier();

    /// <summary>UNC paths (\\fileserver\share): the server is an internal host.</summary>
    [GeneratedRegex(@"\\\\[a-z0-9._$-]+", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex UncHost();

    /// <summary>DOMAIN\user accounts (KIZUNA\tyamada).</summary>
    [GeneratedRegex(@"(?<![a-z0-9_.:\\/-])[a-z0-9_-]{2,15}\\[a-z0-9._$-]+", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex Account();

    /// <summary>Profile paths (C:\Users\tyamada, /home/tyamada): the match runs to the end of the user folder, which starts after the second separator.</summary>
    [GeneratedRegex(@"[\\/](?:users|home|documents and settings)[\\/][^\\/\s:*?""<>|]+", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex ProfilePath();

    /// <summary>A file hash: hex of the usual lengths, optionally prefixed with its algorithm.</summary>
    [GeneratedRegex(@"^(?:(?:md5|sha1|sha-1|sha256|sha-256|sha512|sha-512|ssdeep|tlsh|imphash)[:=\s])?(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex FileHash();

    [GeneratedRegex(@"^cve-[0-9]{4}-[0-9]{4,}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex Cve();

    [GeneratedRegex(@"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DefangedDot();

    [GeneratedRegex(@"\[@\]|\(@\)|\[at\]|\(at\)|\{at\}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DefangedAt();

    private static readonly string[] DotForms = [".", "[.]", "(.)", "{.}", "[dot]", "(dot)"];

    /// <summary>
    /// Every IPv4 address or network written at any position — also run together with other
    /// digits ("0199192.0.2.77"), defanged ("192[.]0[.]2[.]1"), with a prefix ("/24") or masked
    /// trailing octets ("10.1.2.x"). Calls <paramref name="found"/> with (start, length, network)
    /// for each reading; the caller keeps those that matter.
    /// </summary>
    public static void ScanIpv4(ReadOnlySpan<char> s, Func<int, int, System.Net.IPNetwork, bool> found)
    {
        Span<int> octets = stackalloc int[4];
        for (var start = 0; start < s.Length; start++)
        {
            if (!char.IsAsciiDigit(s[start])) continue;
            var pos = start;
            var ok = true;
            for (var part = 0; part < 3 && ok; part++)
            {
                var digits = 0;
                var value = 0;
                while (pos < s.Length && char.IsAsciiDigit(s[pos]) && digits < 4) { value = value * 10 + (s[pos] - '0'); digits++; pos++; }
                if (digits is 0 or > 3 || value > 255) { ok = false; break; }
                octets[part] = value;
                var dot = DotAt(s, pos);
                if (dot == 0) { ok = false; break; }
                pos += dot;
            }
            if (!ok) continue;
            // The last octet: every reading of 1–3 digits (the digits after may belong to something else), or a mask.
            var masked = 0;
            while (pos + masked < s.Length && masked < 3 && s[pos + masked] is 'x' or '*') masked++;
            if (masked > 0)
            {
                var network = new System.Net.IPNetwork(new System.Net.IPAddress([(byte)octets[0], (byte)octets[1], (byte)octets[2], 0]), 24);
                if (found(start, pos + masked - start, network)) start = pos + masked - 1;
                continue;
            }
            for (var len = 3; len >= 1; len--)
            {
                if (pos + len > s.Length || !int.TryParse(s.Slice(pos, len), System.Globalization.NumberStyles.None, null, out var last) || last > 255) continue;
                var end = pos + len;
                var prefix = 32;
                if (end + 1 < s.Length && s[end] == '/' && char.IsAsciiDigit(s[end + 1]))
                {
                    var p = s[end + 1] - '0';
                    var plen = 2;
                    if (end + 2 < s.Length && char.IsAsciiDigit(s[end + 2]) && p * 10 + (s[end + 2] - '0') <= 32) { p = p * 10 + (s[end + 2] - '0'); plen = 3; }
                    prefix = p;
                    end += plen;
                }
                var address = new System.Net.IPAddress([(byte)octets[0], (byte)octets[1], (byte)octets[2], (byte)last]);
                var net = prefix == 32 ? new System.Net.IPNetwork(address, 32) : AddressRanges.TryParseNetwork($"{address}/{prefix}", out var n) ? n : new System.Net.IPNetwork(address, 32);
                if (found(start, end - start, net)) { start = end - 1; break; }
            }
        }
    }

    private static int DotAt(ReadOnlySpan<char> s, int pos)
    {
        foreach (var form in DotForms)
        {
            if (s[pos..].StartsWith(form, StringComparison.Ordinal)) return form.Length;
        }
        return 0;
    }

    private static readonly string[] InternalSuffixes = ["local", "internal", "intranet", "intra", "corp", "lan", "localdomain", "home.arpa"];

    /// <summary>Undoes the usual defanging and lower-cases: "Example[.]CO[.]jp" → "example.co.jp".</summary>
    public static string Refang(string value)
    {
        var s = TextNormalizer.Normalize(value.Trim());
        if (s.Contains('[') || s.Contains('(') || s.Contains('{'))
        {
            s = DefangedDot().Replace(s, ".");
            s = DefangedAt().Replace(s, "@");
            s = s.Replace("[:]", ":").Replace("[://]", "://");
        }
        if (s.StartsWith("hxxp", StringComparison.Ordinal)) s = "http" + s[4..];
        return s;
    }

    /// <summary>Host names under internal-only suffixes (.local, .corp, .home.arpa, …).</summary>
    public static bool IsInternalName(string refangedHost)
    {
        var h = refangedHost.TrimEnd('.');
        foreach (var suffix in InternalSuffixes)
        {
            if (h.Length > suffix.Length && h.EndsWith(suffix, StringComparison.Ordinal) && h[h.Length - suffix.Length - 1] == '.')
                return true;
        }
        return false;
    }

    /// <summary>Whether a letters-then-digits token is a host name (not a hash, CVE, threat-actor id and the like).</summary>
    public static bool IsWindowsHostToken(ReadOnlySpan<char> token)
    {
        if (token.Length >= 16 && IsHex(token)) return false;
        // "TEL03-1234-5678": a phone number with its label, redacted as a phone.
        var digits = token.TrimStart("abcdefghijklmnopqrstuvwxyz-");
        if (digits.Length >= 10 && IsJapanesePhone(digits)) return false;
        return !PublicIdentifier().IsMatch(token);
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    /// <summary>Counts digits in a phone candidate and checks it is a plausible Japanese number (10 or 11 digits with the trunk 0).</summary>
    public static bool IsJapanesePhone(ReadOnlySpan<char> candidate)
    {
        var international = candidate.StartsWith("+81");
        var body = international ? candidate[3..] : candidate;
        var digits = 0;
        var firstNationalDigit = '\0';
        foreach (var c in body)
        {
            if (!char.IsAsciiDigit(c)) continue;
            if (digits == 0) firstNationalDigit = c;
            digits++;
        }
        if (!international) return firstNationalDigit == '0' && digits is 10 or 11;
        // After +81 the trunk 0 is usually dropped, sometimes written as "(0)" or kept by mistake.
        if (firstNationalDigit == '0') digits--;
        return digits is 9 or 10;
    }

    /// <summary>The length without a closing bracket that belongs to the surrounding text ("（TEL 03-1234-5678）").</summary>
    public static int WithoutUnbalancedParenthesis(ReadOnlySpan<char> candidate) =>
        candidate.EndsWith(")") && candidate.Count('(') < candidate.Count(')') ? candidate.Length - 1 : candidate.Length;

    public static bool IsInternationalPhone(ReadOnlySpan<char> candidate)
    {
        var digits = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c)) digits++;
        }
        return digits is >= 8 and <= 15;
    }
}
