namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// Indicators: attacker infrastructure, hashes and CVEs are what sharing is for and pass unchanged;
/// those that point at the reporter (an address in its ranges, a domain or URL on its domains or
/// naming it, an internal host) and every e-mail address are dropped. Text indicators and all notes
/// are redacted like free text. A typed value that does not parse as its type is judged as text and
/// dropped if anything in it identifies.
/// </summary>
internal static class IndicatorFilter
{
    public static IReadOnlyList<Indicator> Apply(IReadOnlyList<Indicator> indicators, TextRedactor redactor, ReporterIdentity reporter)
    {
        var kept = new List<Indicator>(indicators.Count);
        var values = new List<(int Index, string Value)>();
        foreach (var indicator in indicators)
        {
            if (indicator is null) continue;
            var type = (indicator.Type ?? "").Trim().ToLowerInvariant();
            var value = indicator.Value ?? "";
            if (type == IndicatorTypes.Text || !IndicatorTypes.All.Contains(type))
            {
                values.Add((kept.Count, value));
                kept.Add(indicator);
                continue;
            }
            var dropKind = DropReason(type, value, redactor, reporter);
            if (dropKind is not null)
            {
                redactor.Tally(dropKind);
                continue;
            }
            kept.Add(indicator);
        }
        redactor.Flush(RedactedFields.Indicators);

        foreach (var (i, value) in values) kept[i] = kept[i] with { Value = redactor.RedactPart(value) };
        redactor.Flush(RedactedFields.IndicatorValues);

        for (var i = 0; i < kept.Count; i++)
        {
            if (kept[i].Note is { } note) kept[i] = kept[i] with { Note = redactor.RedactPart(note) };
        }
        redactor.Flush(RedactedFields.IndicatorNotes);
        return kept;
    }

    /// <summary>The redaction kind an indicator is dropped for, or null to keep it.</summary>
    private static string? DropReason(string type, string value, TextRedactor redactor, ReporterIdentity reporter)
    {
        var refanged = IdentifierPatterns.Refang(value);
        var reason = TypedReason(type, value, refanged, redactor, reporter, out var valid);
        if (reason is not null) return reason;
        // The reporter's names anywhere (a look-alike phishing domain names its target) identify it.
        if (redactor.FindsAnything(value, reporterOnly: true)) return RedactionKinds.Organization;
        if (IdentifierPatterns.Email().IsMatch(refanged)) return RedactionKinds.Email;
        if (valid) return null;
        // Not a valid value of its type: judge it as free text.
        if (!redactor.FindsAnything(value)) return null;
        return type switch
        {
            IndicatorTypes.Ipv4 or IndicatorTypes.Ipv6 => RedactionKinds.IpAddress,
            IndicatorTypes.Domain => RedactionKinds.Domain,
            IndicatorTypes.Url => RedactionKinds.Url,
            _ => RedactionKinds.Organization,
        };
    }

    /// <summary>The drop reason that follows from the value's type, and whether the value is valid for it.</summary>
    private static string? TypedReason(string type, string value, string refanged, TextRedactor redactor, ReporterIdentity reporter, out bool valid)
    {
        valid = true;
        switch (type)
        {
            case IndicatorTypes.Email:
                return RedactionKinds.Email;
            case IndicatorTypes.Ipv4 or IndicatorTypes.Ipv6:
                if (AddressRanges.TryParseNetwork(refanged, out var network))
                    return reporter.Ranges.Touches(network) ? RedactionKinds.IpAddress : null;
                break;
            case IndicatorTypes.Domain:
                if (IsHostName(refanged))
                {
                    if (reporter.OwnsHost(refanged)) return RedactionKinds.Domain;
                    return redactor.IdentifiesByHost(refanged.TrimEnd('.'), windowsLabels: false) ? RedactionKinds.HostName : null;
                }
                break;
            case IndicatorTypes.Url:
                if (refanged.Contains("//", StringComparison.Ordinal) && !refanged.Any(char.IsWhiteSpace))
                {
                    var host = TextRedactor.HostOf(refanged);
                    return host.Length == 0 || redactor.IdentifiesByHost(host, windowsLabels: false) ? RedactionKinds.Url : null;
                }
                break;
            case IndicatorTypes.FileHash:
                if (IdentifierPatterns.FileHash().IsMatch(value.Trim())) return null;
                break;
            case IndicatorTypes.Cve:
                if (IdentifierPatterns.Cve().IsMatch(value.Trim())) return null;
                break;
        }
        valid = false;
        return null;
    }

    private static bool IsHostName(string s) =>
        s.Length is > 0 and <= 253 && s.Contains('.') && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' || c > 0x7f);
}
