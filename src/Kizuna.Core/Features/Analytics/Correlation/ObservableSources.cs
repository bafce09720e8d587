using System.Text.Json;
using System.Text.RegularExpressions;
using Kizuna.Core.Features.Liaison;
using Kizuna.Stix.Extraction;
using Kizuna.Stix.Patterning;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// Reads the observable values of one item (観測値の抽出), normalized and without duplicates: the typed
/// indicators and the free text of a report's <em>sanitized</em> view (what may leave the reporter's circle;
/// the full content is never read) or of an advisory; a STIX object's value (SCOs), file hashes, and the values an
/// indicator's STIX pattern compares for equality (<c>=</c> and <c>IN</c>, never negated).
/// Values that do not normalize are skipped: the source already validated what it stored.
/// </summary>
public static class ObservableSources
{
    /// <summary>The typed indicators (text and CVE indicators are not observables), then what <see cref="IndicatorExtractor"/> finds in the free text.</summary>
    public static IReadOnlyList<ObservableKey> FromIndicators(IEnumerable<Indicator> indicators, IEnumerable<string?> texts, int max)
    {
        var keys = new List<ObservableKey>();
        var seen = new HashSet<Guid>();
        foreach (var i in indicators)
        {
            if (keys.Count >= max) return keys;
            if (i is null || i.Type is IndicatorTypes.Text or IndicatorTypes.Cve) continue;
            var type = i.Type == IndicatorTypes.FileHash ? "hash" : i.Type;
            if (ObservableNormalizer.Normalize(type, i.Value) is { } key && seen.Add(key.Id)) keys.Add(key);
        }
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            IReadOnlyList<ExtractedIndicator> found;
            try
            {
                found = IndicatorExtractor.Extract(text, max);
            }
            catch (RegexMatchTimeoutException)
            {
                continue; // a pathological text yields nothing rather than failing the save
            }
            foreach (var x in found)
            {
                if (keys.Count >= max) return keys;
                if (TypeOf(x.Kind) is { } type && ObservableNormalizer.Normalize(type, x.Value) is { } key && seen.Add(key.Id)) keys.Add(key);
            }
        }
        return keys;
    }

    private static string? TypeOf(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Ipv4 => ObservableTypes.Ipv4,
        IndicatorKind.Ipv6 => ObservableTypes.Ipv6,
        IndicatorKind.Domain => ObservableTypes.Domain,
        IndicatorKind.Url => ObservableTypes.Url,
        IndicatorKind.Email => ObservableTypes.Email,
        IndicatorKind.Md5 => ObservableTypes.Md5,
        IndicatorKind.Sha1 => ObservableTypes.Sha1,
        IndicatorKind.Sha256 => ObservableTypes.Sha256,
        IndicatorKind.Sha512 => ObservableTypes.Sha512,
        _ => null,
    };

    /// <summary>The observables of one STIX object's JSON; empty when it is not JSON or carries none.</summary>
    public static IReadOnlyList<ObservableKey> FromStix(string json, int max)
    {
        var found = new List<(string? Type, string Value)>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) return [];
            var type = t.GetString()!;
            if (ScoType(type) is { } scoType && o.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
                found.Add((scoType, v.GetString()!));
            if (o.TryGetProperty("hashes", out var hashes) && hashes.ValueKind == JsonValueKind.Object)
                foreach (var h in hashes.EnumerateObject())
                    if (h.Value.ValueKind == JsonValueKind.String && ObservableNormalizer.HashTypeOfStixName(h.Name) is { } ht)
                        found.Add((ht, h.Value.GetString()!));
            if (type == "indicator" && o.TryGetProperty("pattern", out var p) && p.ValueKind == JsonValueKind.String
                && (!o.TryGetProperty("pattern_type", out var pt) || pt.GetString() == "stix")
                && StixPattern.TryParse(p.GetString()!, out var pattern, out _))
                Walk(pattern!.Root, found, max);
        }
        catch (JsonException)
        {
            return [];
        }
        var keys = new List<ObservableKey>();
        var seen = new HashSet<Guid>();
        foreach (var (type, value) in found)
        {
            if (keys.Count >= max) break;
            if (ObservableNormalizer.Normalize(type, value) is { } key && seen.Add(key.Id)) keys.Add(key);
        }
        return keys;
    }

    private static string? ScoType(string stixType) => stixType switch
    {
        "ipv4-addr" => ObservableTypes.Ipv4,
        "ipv6-addr" => ObservableTypes.Ipv6,
        "domain-name" => ObservableTypes.Domain,
        "url" => ObservableTypes.Url,
        "email-addr" => ObservableTypes.Email,
        _ => null,
    };

    private static void Walk(ObservationExpression e, List<(string?, string)> found, int max)
    {
        switch (e)
        {
            case SimpleObservation s: Walk(s.Comparison, found, max); break;
            case CompositeObservation c: foreach (var o in c.Operands) Walk(o, found, max); break;
            case QualifiedObservation q: Walk(q.Expression, found, max); break;
        }
    }

    private static void Walk(ComparisonExpression e, List<(string?, string)> found, int max)
    {
        if (found.Count >= max) return;
        switch (e)
        {
            case CompositeComparison c:
                foreach (var o in c.Operands) Walk(o, found, max);
                break;
            case PropertyComparison { Negated: false } p when p.Operator is ComparisonOperator.Equal or ComparisonOperator.In:
                if (TypeOfPath(p.Path) is not { } type) return;
                var literals = p.Value is SetLiteral set ? set.Values : [p.Value];
                foreach (var l in literals)
                    if (l is StringLiteral str) found.Add((type, str.Value));
                break;
        }
    }

    /// <summary>The observable type a pattern path compares: <c>ipv4-addr:value</c>, <c>file:hashes.'SHA-256'</c>, …</summary>
    private static string? TypeOfPath(ObjectPath path)
    {
        if (path.Property == "value" && path.Steps.Count == 0) return ScoType(path.ObjectType);
        if (path.ObjectType == "file" && path.Property == "hashes" && path.Steps is [PropertyStep step]) return ObservableNormalizer.HashTypeOfStixName(step.Name);
        return null;
    }
}
