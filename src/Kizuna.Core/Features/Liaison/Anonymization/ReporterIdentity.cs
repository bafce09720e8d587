using System.Globalization;

namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// What identifies one reporter, prepared for matching: its own names (always redacted, also inside
/// longer words), its people with honorifics, its domains (ASCII and Unicode forms, and the
/// registrable label such as "kizuna-bank"), and its address ranges. Small; built per call.
/// </summary>
internal sealed class ReporterIdentity
{
    public PatternAutomaton Names { get; }
    public string[] Domains { get; }
    public AddressRanges Ranges { get; }

    private ReporterIdentity(PatternAutomaton names, string[] domains, AddressRanges ranges)
    {
        Names = names;
        Domains = domains;
        Ranges = ranges;
    }

    /// <summary>Prepares the profile; null with a reason when part of it cannot be read (then nothing may leave).</summary>
    public static ReporterIdentity? TryCreate(ReporterProfile reporter, out string? problem)
    {
        problem = null;
        var ranges = AddressRanges.TryCreate(reporter.IpRanges ?? [], out var invalid);
        if (ranges is null)
        {
            problem = $"Onward sharing is refused: the reporter's registered IP range '{invalid}' cannot be read, so its addresses cannot be redacted.";
            return null;
        }

        var patterns = new List<(string, PatternInfo)>();
        void Add(string compact, string kind, bool wordBoundary = false)
        {
            if (compact.Length < 2) return;
            // Long own names are redacted even inside longer tokens ("kizunabank-vpn"); short ones only as words.
            var loose = !wordBoundary && compact.Length >= 4;
            var left = !loose && TextNormalizer.IsAsciiAlnum(compact[0]);
            var right = !loose && TextNormalizer.IsAsciiAlnum(compact[^1]);
            patterns.Add((compact, new PatternInfo(kind, compact.Length, left, right, wordBoundary)));
        }

        foreach (var name in (string?[])[reporter.NameJa, reporter.NameEn])
        {
            foreach (var v in NameVariants.Organization(name ?? "")) Add(v, RedactionKinds.Organization);
        }
        if (!string.IsNullOrWhiteSpace(reporter.OrganizationCode))
        {
            // Its own code counts as a name: from 4 chars on also inside longer tokens ("24KCNRY").
            var code = TextNormalizer.Compact(reporter.OrganizationCode);
            Add(code, RedactionKinds.Organization, wordBoundary: code.Length < 4);
        }
        foreach (var person in reporter.PeopleNames ?? [])
        {
            foreach (var v in NameVariants.Person(person)) Add(v, RedactionKinds.Person);
            foreach (var v in NameVariants.PersonWithHonorifics(person)) Add(v, RedactionKinds.Person);
            foreach (var v in NameVariants.PersonParts(person)) Add(v, RedactionKinds.Person);
        }

        var domains = new List<string>();
        foreach (var raw in reporter.Domains ?? [])
        {
            var d = IdentifierPatterns.Refang(raw).Trim().TrimStart('*').Trim('.');
            if (d.Length == 0) continue;
            foreach (var form in DomainForms(d))
            {
                if (!domains.Contains(form)) domains.Add(form);
                Add(TextNormalizer.Compact(form), RedactionKinds.Domain);
            }
            var label = RegistrableLabel(d);
            if (label is { Length: >= 4 }) Add(TextNormalizer.Compact(label), RedactionKinds.Organization);
        }

        return new ReporterIdentity(PatternAutomaton.Build(patterns), [.. domains], ranges);
    }

    /// <summary>Whether a (refanged, lower-case) host is one of the reporter's domains or under one.</summary>
    public bool OwnsHost(string host)
    {
        var h = host.TrimEnd('.');
        foreach (var d in Domains)
        {
            if (h.Length == d.Length ? h == d : h.Length > d.Length && h.EndsWith(d, StringComparison.Ordinal) && h[h.Length - d.Length - 1] == '.')
                return true;
        }
        return false;
    }

    /// <summary>
    /// Whether a dotted name in free text contains one of the reporter's domains starting at a label
    /// ("vpn.kizuna-power.co.jp", also "kizuna-power.co.jpの" run together with what follows).
    /// </summary>
    public bool MentionedIn(string dottedName)
    {
        foreach (var d in Domains)
        {
            for (var i = dottedName.IndexOf(d, StringComparison.Ordinal); i >= 0; i = dottedName.IndexOf(d, i + 1, StringComparison.Ordinal))
            {
                if (i == 0 || dottedName[i - 1] == '.') return true;
            }
        }
        return false;
    }

    private static IEnumerable<string> DomainForms(string domain)
    {
        yield return domain;
        var idn = new IdnMapping();
        string? other = null;
        try
        {
            other = domain.Contains("xn--", StringComparison.Ordinal) ? idn.GetUnicode(domain) : idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            // not a valid IDN: the literal form is still matched
        }
        if (other is not null && other != domain) yield return TextNormalizer.Normalize(other);
    }

    private static readonly HashSet<string> SecondLevel = ["co", "or", "ne", "ac", "ad", "ed", "go", "gr", "lg", "com", "net", "org", "gov", "edu", "ltd", "plc"];

    /// <summary>The brand label of a domain: "kizuna-bank" for "www.kizuna-bank.co.jp", "chiyoda" for "city.chiyoda.lg.jp".</summary>
    private static string? RegistrableLabel(string domain)
    {
        var labels = domain.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length < 2) return null;
        var suffix = labels.Length >= 3 && SecondLevel.Contains(labels[^2]) ? 2 : 1;
        return labels.Length > suffix ? labels[^(suffix + 1)] : null;
    }
}
