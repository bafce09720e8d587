using Kizuna.Core.Features.Liaison;
using Kizuna.Stix;
using Kizuna.Stix.Extraction;
using Kizuna.Stix.Objects;

namespace Kizuna.Core.Features.Interop.Projection;

/// <summary>
/// What the advisory and report projections share: deterministic ids (a name-based UUID in
/// Kizuna's projection namespace, so a re-projection of the same thing has the same id and the
/// store keeps one row per id and version), the TLP marking, the indicators, vulnerabilities and
/// observables built from extracted values.
/// </summary>
public static class ProjectionParts
{
    /// <summary>Namespace of the name-based ids of projected objects.</summary>
    public static readonly Guid Namespace = new("b1f0c6d2-7a52-4c47-9d1e-4a1c3e5f7b20");

    /// <summary>At most this many indicators are projected from one advisory or report.</summary>
    public const int MaxIndicators = 500;

    /// <summary>The id <c>type--UUIDv5(key)</c>.</summary>
    public static string Id(string type, string key) => type + "--" + StixIds.Uuid5(Namespace, key).ToString("D");

    public static StixList<string> Marking(Tlp tlp) => [TlpMarkings.StixId(tlp)];

    public static StixTimestamp Time(DateTimeOffset t) => StixTimestamp.From(t.ToUniversalTime(), 3);

    /// <summary>
    /// The indicators of typed entries (each value run through the extractor, so it is refanged and
    /// normalised; a <c>text</c> entry may hold several) and of free text, distinct, capped.
    /// </summary>
    public static IReadOnlyList<ExtractedIndicator> Collect(IEnumerable<Liaison.Indicator> typed, IEnumerable<string> cves, IEnumerable<string?> texts)
    {
        var all = new List<ExtractedIndicator>();
        foreach (var i in typed) all.AddRange(IndicatorExtractor.Extract(i.Value, MaxIndicators));
        foreach (var c in cves) all.AddRange(IndicatorExtractor.Extract(c, 1).Where(x => x.Kind == IndicatorKind.Cve));
        foreach (var t in texts) all.AddRange(IndicatorExtractor.Extract(t, MaxIndicators));
        return all.Distinct().Take(MaxIndicators).ToList();
    }

    public static Stix.Objects.Indicator Indicator(string scope, ExtractedIndicator x, string creator, Tlp tlp, StixTimestamp created, StixTimestamp modified, bool revoked)
        => new()
        {
            Id = Id("indicator", $"{scope}:indicator:{x.Kind}:{x.Value}"),
            CreatedByRef = creator,
            Created = created,
            Modified = modified,
            Revoked = revoked ? true : null,
            Name = x.Defanged,
            IndicatorTypes = ["malicious-activity"],
            Pattern = x.StixPattern,
            PatternType = "stix",
            PatternVersion = "2.1",
            ValidFrom = created,
            ObjectMarkingRefs = Marking(tlp),
        };

    public static Vulnerability Vulnerability(string scope, string cve, string creator, Tlp tlp, StixTimestamp created, StixTimestamp modified, bool revoked)
        => new()
        {
            Id = Id("vulnerability", $"{scope}:vulnerability:{cve}"),
            CreatedByRef = creator,
            Created = created,
            Modified = modified,
            Revoked = revoked ? true : null,
            Name = cve,
            ExternalReferences = [new ExternalReference { SourceName = "cve", ExternalId = cve, Url = "https://www.cve.org/CVERecord?id=" + cve }],
            ObjectMarkingRefs = Marking(tlp),
        };

    /// <summary>The cyber observable of an extracted value (a URL, an address, a domain, a file by hash), or null (CVE, e-mail).</summary>
    public static StixCyberObservable? Observable(ExtractedIndicator x, Tlp tlp)
    {
        StixCyberObservable? sco = x.Kind switch
        {
            IndicatorKind.Ipv4 => new Ipv4Address { Value = x.Value },
            IndicatorKind.Ipv6 => new Ipv6Address { Value = x.Value },
            IndicatorKind.Domain => new DomainName { Value = x.Value },
            IndicatorKind.Url => new Url { Value = x.Value },
            IndicatorKind.Md5 => new StixFile { Hashes = StixMap.Of(("MD5", x.Value)) },
            IndicatorKind.Sha1 => new StixFile { Hashes = StixMap.Of(("SHA-1", x.Value)) },
            IndicatorKind.Sha256 => new StixFile { Hashes = StixMap.Of(("SHA-256", x.Value)) },
            IndicatorKind.Sha512 => new StixFile { Hashes = StixMap.Of(("SHA-512", x.Value)) },
            _ => null,
        };
        return sco is null ? null : StixIds.WithDeterministicId(sco with { SpecVersion = "2.1", ObjectMarkingRefs = Marking(tlp) });
    }
}
