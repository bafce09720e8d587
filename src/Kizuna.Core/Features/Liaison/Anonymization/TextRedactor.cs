using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// Finds identifying spans in one piece of free text and replaces each with its placeholder. One
/// instance serves one <see cref="SourceSanitizer.Sanitize"/> call (it keeps scratch lists and the
/// per-field tallies); not thread-safe.
/// </summary>
/// <remarks>
/// Every detector runs on the normalized text; spans that overlap are merged into one (named after
/// the longest), so a name inside an e-mail address inside a URL becomes one placeholder and no
/// fragment of it survives. Text outside the spans is copied from the original unchanged.
/// </remarks>
internal sealed class TextRedactor
{
    private readonly SanitizerIndex _index;
    private readonly ReporterIdentity _reporter;
    private readonly List<(int Pattern, int End)> _hits = [];
    private readonly List<Span> _spans = [];
    private readonly int[] _tally = new int[RedactionKinds.All.Count];

    public List<Redaction> Redactions { get; } = [];

    public TextRedactor(SanitizerIndex index, ReporterIdentity reporter)
    {
        _index = index;
        _reporter = reporter;
    }

    private readonly record struct Span(int Start, int End, string Kind);

    /// <summary>Redacts <paramref name="text"/> and records what changed under <paramref name="field"/>.</summary>
    public string Redact(string field, string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var result = RedactCore(text);
        Flush(field);
        return result;
    }

    /// <summary>Redacts and tallies under <paramref name="field"/> without flushing, for fields spread over several values (attachments, notes).</summary>
    public string RedactPart(string? text) => string.IsNullOrEmpty(text) ? text ?? "" : RedactCore(text);

    /// <summary>Writes the tallies gathered since the last flush as <see cref="Redaction"/>s of <paramref name="field"/>.</summary>
    public void Flush(string field)
    {
        for (var k = 0; k < _tally.Length; k++)
        {
            if (_tally[k] == 0) continue;
            Redactions.Add(new Redaction(field, RedactionKinds.All[k], _tally[k]));
            _tally[k] = 0;
        }
    }

    public void Tally(string kind, int count = 1) => _tally[KindIndex(kind)] += count;

    /// <summary>The kinds that would be redacted in <paramref name="text"/>, without tallying.</summary>
    public bool FindsAnything(string text, bool reporterOnly = false)
    {
        _spans.Clear();
        var normalized = TextNormalizer.Normalize(text);
        if (reporterOnly) FindNames(normalized, includeDirectory: false);
        else Detect(normalized);
        return _spans.Count > 0;
    }

    private string RedactCore(string text)
    {
        _spans.Clear();
        var normalized = TextNormalizer.Normalize(text);
        Detect(normalized);
        if (_spans.Count == 0) return text;

        _spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var sb = new StringBuilder(text.Length + 32);
        var copied = 0;
        var i = 0;
        while (i < _spans.Count)
        {
            var group = _spans[i];
            var best = group;
            var end = group.End;
            i++;
            while (i < _spans.Count && _spans[i].Start < end)
            {
                var s = _spans[i];
                if (s.End - s.Start > best.End - best.Start
                    || (s.End - s.Start == best.End - best.Start && RedactionKinds.Priority(s.Kind) > RedactionKinds.Priority(best.Kind)))
                    best = s;
                end = Math.Max(end, s.End);
                i++;
            }
            sb.Append(text, copied, group.Start - copied);
            sb.Append(RedactionKinds.Placeholder(best.Kind));
            copied = end;
            _tally[KindIndex(best.Kind)]++;
        }
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    private void Detect(string n)
    {
        FindNames(n, includeDirectory: true);
        var span = n.AsSpan();
        var hasDot = span.IndexOfAny('.', '[', '(') >= 0 || span.Contains("{.}", StringComparison.Ordinal);

        if (span.Contains('@') || span.Contains("at]", StringComparison.Ordinal) || span.Contains("at)", StringComparison.Ordinal) || span.Contains("at}", StringComparison.Ordinal))
        {
            foreach (var m in IdentifierPatterns.Email().EnumerateMatches(span)) Add(m.Index, m.Length, RedactionKinds.Email);
        }
        if (span.Contains("//", StringComparison.Ordinal))
        {
            foreach (var m in IdentifierPatterns.Url().EnumerateMatches(span)) JudgeUrl(n, m.Index, m.Length);
        }
        if (hasDot)
        {
            foreach (var m in IdentifierPatterns.DottedName().EnumerateMatches(span))
            {
                var host = IdentifierPatterns.Refang(n.Substring(m.Index, m.Length));
                if (_reporter.MentionedIn(host)) Add(m.Index, m.Length, RedactionKinds.Domain);
                else if (IdentifierPatterns.IsInternalName(host)) Add(m.Index, m.Length, RedactionKinds.HostName);
            }
        }
        if (!_reporter.Ranges.IsEmpty)
        {
            if (hasDot)
            {
                IdentifierPatterns.ScanIpv4(span, (start, length, network) =>
                {
                    if (!_reporter.Ranges.Touches(network)) return false;
                    Add(start, length, RedactionKinds.IpAddress);
                    return true;
                });
            }
            if (span.Contains(':'))
            {
                ScanIpv6(span);
            }
        }
        if (span.IndexOfAnyInRange('0', '9') >= 0)
        {
            for (var i = span.IndexOfAny("0+("); i >= 0 && i < span.Length;)
            {
                ValueMatch m = default;
                var success = false;
                foreach (var match in IdentifierPatterns.JapanesePhone().EnumerateMatches(span, i))
                {
                    m = match;
                    success = true;
                    break;
                }
                if (success && IdentifierPatterns.IsJapanesePhone(span.Slice(m.Index, m.Length)))
                {
                    var length = IdentifierPatterns.WithoutUnbalancedParenthesis(span.Slice(m.Index, m.Length));
                    Add(m.Index, length, RedactionKinds.Phone);
                    i = m.Index + length;
                }
                else
                {
                    i++;
                }
                var next = span[i..].IndexOfAny("0+(");
                i = next < 0 ? -1 : i + next;
            }
            if (span.Contains('+'))
            {
                foreach (var m in IdentifierPatterns.InternationalPhone().EnumerateMatches(span))
                {
                    if (IdentifierPatterns.IsInternationalPhone(span.Slice(m.Index, m.Length)))
                        Add(m.Index, IdentifierPatterns.WithoutUnbalancedParenthesis(span.Slice(m.Index, m.Length)), RedactionKinds.Phone);
                }
            }
            foreach (var m in IdentifierPatterns.WindowsHost().EnumerateMatches(span))
            {
                if (IdentifierPatterns.IsWindowsHostToken(span.Slice(m.Index, m.Length))) Add(m.Index, m.Length, RedactionKinds.HostName);
            }
        }
        else if (span.Contains("-", StringComparison.Ordinal))
        {
            // WIN-/DESKTOP-/LAPTOP- default names may carry no digit at all.
            foreach (var m in IdentifierPatterns.WindowsHost().EnumerateMatches(span)) Add(m.Index, m.Length, RedactionKinds.HostName);
        }
        if (span.Contains('\\') || span.Contains('/'))
        {
            foreach (var m in IdentifierPatterns.UncHost().EnumerateMatches(span)) Add(m.Index, m.Length, RedactionKinds.HostName);
            if (span.Contains('\\')) foreach (var m in IdentifierPatterns.Account().EnumerateMatches(span)) Add(m.Index, m.Length, RedactionKinds.Person);
            foreach (var m in IdentifierPatterns.ProfilePath().EnumerateMatches(span))
            {
                var folder = span.Slice(m.Index + 1, m.Length - 1).IndexOfAny('\\', '/') + m.Index + 2;
                Add(folder, m.Index + m.Length - folder, RedactionKinds.Person);
            }
        }
    }

    private void FindNames(string n, bool includeDirectory)
    {
        var rented = ArrayPool<char>.Shared.Rent(n.Length);
        var map = ArrayPool<int>.Shared.Rent(n.Length);
        try
        {
            var length = TextNormalizer.Compact(n, rented, map);
            var compact = rented.AsSpan(0, length);
            if (includeDirectory) Match(_index.Names, n, compact, map);
            Match(_reporter.Names, n, compact, map);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
            ArrayPool<int>.Shared.Return(map);
        }
    }

    private void Match(PatternAutomaton automaton, string n, ReadOnlySpan<char> compact, int[] map)
    {
        _hits.Clear();
        automaton.Scan(compact, _hits);
        foreach (var (pattern, end) in _hits)
        {
            var info = automaton.Pattern(pattern);
            var start = map[end - info.Length + 1];
            var stop = map[end] + 1;
            if (info.WordBoundary)
            {
                if ((start > 0 && IsWordChar(n[start - 1])) || (stop < n.Length && IsWordChar(n[stop]))) continue;
            }
            else
            {
                if (info.LeftBoundary && start > 0 && TextNormalizer.IsAsciiAlnum(n[start - 1])) continue;
                if (info.RightBoundary && stop < n.Length && TextNormalizer.IsAsciiAlnum(n[stop])) continue;
            }
            _spans.Add(new Span(start, stop, info.Kind));
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private void JudgeUrl(string n, int index, int length)
    {
        var raw = n.AsSpan(index, length).TrimEnd(".,;:!?)]}'\"");
        if (raw.Length == 0) return;
        var url = IdentifierPatterns.Refang(raw.ToString());
        var host = HostOf(url);
        if (host.Length == 0 || IdentifiesByHost(host)) Add(index, raw.Length, RedactionKinds.Url);
    }

    /// <summary>
    /// Whether a URL host points at the reporter or inside a network: its domains, its addresses,
    /// internal or single-label names and, with <paramref name="windowsLabels"/>, any label shaped
    /// like a Windows host name (free text, where over-redaction is the safe side).
    /// </summary>
    public bool IdentifiesByHost(string host, bool windowsLabels = true)
    {
        if (_reporter.OwnsHost(host) || IdentifierPatterns.IsInternalName(host)) return true;
        if (AddressRanges.TryParseAddress(host, out var address)) return _reporter.Ranges.Touches(address);
        if (!host.Contains('.')) return true;
        if (!windowsLabels) return false;
        foreach (var label in host.Split('.'))
        {
            if (IdentifierPatterns.WindowsHost().IsMatch(label) && IdentifierPatterns.IsWindowsHostToken(label)) return true;
        }
        return false;
    }

    /// <summary>The host of a refanged URL, lower case, without user info or port.</summary>
    public static string HostOf(string url)
    {
        var s = url.AsSpan();
        var scheme = s.IndexOf("//", StringComparison.Ordinal);
        if (scheme >= 0) s = s[(scheme + 2)..];
        var stop = s.IndexOfAny("/?#\\");
        if (stop >= 0) s = s[..stop];
        var at = s.LastIndexOf('@');
        if (at >= 0) s = s[(at + 1)..];
        if (s.StartsWith("["))
        {
            var close = s.IndexOf(']');
            s = close > 0 ? s[1..close] : s[1..];
        }
        else
        {
            var colon = s.IndexOf(':');
            if (colon >= 0) s = s[..colon];
        }
        return s.Trim().TrimEnd('.').ToString();
    }

    /// <summary>
    /// IPv6 written anywhere: in every run of hex digits, ':' and '.' with two colons or more, every
    /// reading that starts at a group (also inside a longer digit run, "…::52001:db8::5" glued
    /// together) is parsed, longest first, with a prefix length if one follows; readings inside the
    /// reporter's ranges are redacted.
    /// </summary>
    private void ScanIpv6(ReadOnlySpan<char> span)
    {
        var i = 0;
        while (i < span.Length)
        {
            if (!IsIpv6Char(span[i])) { i++; continue; }
            var runStart = i;
            var colons = 0;
            while (i < span.Length && IsIpv6Char(span[i])) { if (span[i] == ':') colons++; i++; }
            if (colons >= 2) JudgeIpv6Run(span, runStart, i);
        }
    }

    private static bool IsIpv6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    private void JudgeIpv6Run(ReadOnlySpan<char> span, int runStart, int runEnd)
    {
        for (var start = runStart; start < runEnd - 2; start++)
        {
            var c = span[start];
            if (c == ':')
            {
                // "::1" begins with the compression; a single ':' never starts an address.
                if (span[start + 1] != ':' || (start > runStart && span[start - 1] == ':')) continue;
            }
            else
            {
                var toColon = span[start..runEnd].IndexOf(':');
                if (toColon is < 1 or > 4) continue;
            }
            for (var end = Math.Min(runEnd, start + 45); end >= start + 2; end--)
            {
                var candidate = span[start..end];
                if (candidate.Count(':') < 2 || candidate[^1] == '.' || !AddressRanges.TryParseAddress(candidate, out var address)) continue;
                var stop = end;
                var touches = _reporter.Ranges.Touches(address);
                if (end + 1 < span.Length && span[end] == '/' && char.IsAsciiDigit(span[end + 1]))
                {
                    var digits = span[(end + 1)..].IndexOfAnyExceptInRange('0', '9');
                    var prefixLength = Math.Min(digits < 0 ? span.Length - end - 1 : digits, 3);
                    for (; prefixLength >= 1; prefixLength--)
                    {
                        if (!AddressRanges.TryParseNetwork(span[start..(end + 1 + prefixLength)], out var network)) continue;
                        stop = end + 1 + prefixLength;
                        touches |= _reporter.Ranges.Touches(network);
                        break;
                    }
                }
                if (touches)
                {
                    Add(start, stop - start, RedactionKinds.IpAddress);
                    start = end - 1;
                }
                break;
            }
        }
    }

    private void Add(int index, int length, string kind) => _spans.Add(new Span(index, index + length, kind));

    private static int KindIndex(string kind) => kind switch
    {
        RedactionKinds.Organization => 0,
        RedactionKinds.Person => 1,
        RedactionKinds.Domain => 2,
        RedactionKinds.IpAddress => 3,
        RedactionKinds.Email => 4,
        RedactionKinds.Phone => 5,
        RedactionKinds.Url => 6,
        RedactionKinds.HostName => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
