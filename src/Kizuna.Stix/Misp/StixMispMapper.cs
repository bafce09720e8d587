using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kizuna.Stix.Objects;

namespace Kizuna.Stix.Misp;

/// <summary>
/// Maps STIX 2.1 back to MISP (STIX → MISP), for exporting a report or grouping as a MISP event:
/// objects that came from MISP get their attribute or object back from their <c>x_misp_*</c> properties;
/// others are mapped by shape — an indicator's simple comparisons (<c>[ipv4-addr:value = '…']</c>) to
/// attributes with <c>to_ids</c> (any other pattern as one <c>stix2-pattern</c> attribute), observed data's
/// cyber observables to attributes without, a note to a <c>comment</c>, a vulnerability to a
/// <c>vulnerability</c>, an attack pattern to a <c>mitre-attack-pattern</c> galaxy cluster. Every attribute
/// carries the <c>tlp:*</c> tag of the object's TLP.
/// </summary>
public static partial class StixMispMapper
{
    private static readonly Dictionary<string, string> PathTypes = new(StringComparer.Ordinal)
    {
        ["ipv4-addr:value"] = "ip-dst", ["ipv6-addr:value"] = "ip-dst", ["domain-name:value"] = "domain", ["url:value"] = "url",
        ["email-addr:value"] = "email-src", ["mutex:name"] = "mutex", ["windows-registry-key:key"] = "regkey", ["file:name"] = "filename",
        ["mac-addr:value"] = "mac-address", ["network-traffic:dst_ref.value"] = "ip-dst", ["network-traffic:src_ref.value"] = "ip-src",
        ["domain-name:resolves_to_refs[*].value"] = "ip-dst",
    };

    private static readonly Dictionary<string, string> HashTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MD5"] = "md5", ["SHA-1"] = "sha1", ["SHA-256"] = "sha256", ["SHA-512"] = "sha512", ["SHA-224"] = "sha224", ["SHA-384"] = "sha384",
        ["SHA3-256"] = "sha3-256", ["SHA3-512"] = "sha3-512", ["SSDEEP"] = "ssdeep", ["TLSH"] = "tlsh",
    };

    /// <summary>The event header of a report (or grouping) seen at <paramref name="tlp"/>.</summary>
    public static MispEventHeader Header(JsonElement report, Tlp tlp)
    {
        var id = Str(report, "id") ?? "";
        var modified = Time(Str(report, "modified")) ?? Time(Str(report, "created")) ?? DateTimeOffset.UnixEpoch;
        var published = Time(Str(report, "published")) ?? modified;
        string? date = null, threat = null, analysis = null, orgcName = null;
        Guid? orgcUuid = null;
        if (report.TryGetProperty("x_misp_event", out var misp) && misp.ValueKind == JsonValueKind.Object)
        {
            (date, threat, analysis, orgcName) = (Str(misp, "date"), Str(misp, "threat_level_id"), Str(misp, "analysis"), Str(misp, "orgc_name"));
            orgcUuid = Guid.TryParse(Str(misp, "orgc_uuid"), out var o) ? o : null;
        }
        var day = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.FromDateTime(published.UtcDateTime);
        var tags = new List<string> { MispTags.TagOf(tlp) };
        tags.AddRange(Strings(report, "labels").Where(l => MispTags.TlpOf(l) is null));
        return new MispEventHeader(UuidOf(id), Str(report, "name") ?? id, day, threat ?? "4", analysis ?? "2", true,
            modified.ToUnixTimeSeconds(), published.ToUnixTimeSeconds(), orgcName, orgcUuid, tags, []);
    }

    /// <summary>
    /// What one referenced object becomes, or null for types MISP has no place for (relationships, malware…).
    /// <paramref name="observable"/> finds an observed data's cyber observables (null when the viewer may not see one).
    /// </summary>
    public static MispExportItem? Map(JsonElement o, Tlp tlp, Func<string, JsonElement?> observable)
    {
        var type = Str(o, "type");
        var id = Str(o, "id") ?? "";
        var timestamp = (Time(Str(o, "modified")) ?? Time(Str(o, "created")) ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds();
        IReadOnlyList<string> tags = [MispTags.TagOf(tlp), .. Strings(o, "labels").Where(l => MispTags.TlpOf(l) is null)];
        if (o.TryGetProperty("x_misp_object", out var template) && template.ValueKind == JsonValueKind.Object)
        {
            var attributes = new List<MispAttribute>();
            if (template.TryGetProperty("attributes", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var a in list.EnumerateArray())
                    if (MispEventReader.ReadAttribute(a, out _) is { } attribute)
                        attributes.Add(attribute with { Tags = [MispTags.TagOf(tlp)], Timestamp = attribute.Timestamp > 0 ? attribute.Timestamp : timestamp });
            return new MispExportItem([], new MispObject(UuidOf(id), Str(template, "name") ?? "misc", Str(template, "meta_category") ?? "misc",
                Str(template, "comment"), timestamp, attributes));
        }
        if (Str(o, "x_misp_type") is { } mispType && Str(o, "x_misp_value") is { } mispValue)
        {
            var toIds = type == "indicator" || (o.TryGetProperty("x_misp_to_ids", out var t) && t.ValueKind == JsonValueKind.True);
            return new MispExportItem([new MispAttribute(UuidOf(id), mispType, Str(o, "x_misp_category") ?? "Other", mispValue, toIds,
                Str(o, "x_misp_comment"), timestamp, tags)]);
        }
        switch (type)
        {
            case "indicator":
            {
                var pattern = Str(o, "pattern") ?? "";
                var attributes = new List<MispAttribute>();
                var simple = Str(o, "pattern_type") == "stix" && !pattern.Contains(" OR ", StringComparison.Ordinal) && !pattern.Contains("FOLLOWEDBY", StringComparison.Ordinal);
                if (simple)
                    foreach (Match m in Comparison().Matches(pattern))
                    {
                        var path = $"{m.Groups[1].Value}:{m.Groups[2].Value}";
                        var mispTypeOf = PathTypes.GetValueOrDefault(path)
                            ?? (m.Groups[1].Value == "file" && m.Groups[2].Value.StartsWith("hashes.", StringComparison.Ordinal) ? HashTypes.GetValueOrDefault(m.Groups[2].Value[7..].Trim('\'')) : null);
                        if (mispTypeOf is null) { attributes.Clear(); break; }
                        attributes.Add(new MispAttribute(Derived(id, attributes.Count), mispTypeOf, CategoryOf(mispTypeOf), Unescape(m.Groups[3].Value), true,
                            Str(o, "description"), timestamp, tags));
                    }
                if (attributes.Count == 0)
                    attributes.Add(new MispAttribute(UuidOf(id), "stix2-pattern", "Network activity", pattern, true, Str(o, "name"), timestamp, tags));
                return new MispExportItem(attributes);
            }
            case "observed-data":
            {
                var attributes = new List<MispAttribute>();
                foreach (var r in Strings(o, "object_refs"))
                    if (observable(r) is { } sco)
                        foreach (var (mispTypeOf, value) in Observable(sco))
                            attributes.Add(new MispAttribute(Derived(id + "#" + r, attributes.Count), mispTypeOf, CategoryOf(mispTypeOf), value, false, null, timestamp, tags));
                return attributes.Count == 0 ? null : new MispExportItem(attributes);
            }
            case "note":
                return new MispExportItem([new MispAttribute(UuidOf(id), "comment", "Other", Str(o, "content") ?? "", false, Str(o, "abstract"), timestamp, tags)]);
            case "vulnerability":
                return new MispExportItem([new MispAttribute(UuidOf(id), "vulnerability", "External analysis", Str(o, "name") ?? "", false, Str(o, "description"), timestamp, tags)]);
            case "attack-pattern":
            {
                var name = Str(o, "name") ?? "";
                string? external = null;
                if (o.TryGetProperty("external_references", out var refs) && refs.ValueKind == JsonValueKind.Array)
                    external = refs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && Str(r, "source_name") == "mitre-attack")
                        .Select(r => Str(r, "external_id")).FirstOrDefault(x => x is not null);
                var value = external is null ? name : $"{name} - {external}";
                return new MispExportItem([], Cluster: new MispGalaxyCluster("mitre-attack-pattern", value,
                    Str(o, "x_misp_tag_name") ?? $"misp-galaxy:mitre-attack-pattern=\"{value}\"", UuidOf(id), external is null ? [] : [external], Str(o, "description")));
            }
            default:
                return null;
        }
    }

    /// <summary>The STIX ids of the cyber observables an object needs resolved (an observed data's refs that did not come from MISP).</summary>
    public static IEnumerable<string> ObservableRefs(JsonElement o)
        => Str(o, "type") == "observed-data" && !o.TryGetProperty("x_misp_type", out _) && !o.TryGetProperty("x_misp_object", out _)
            ? Strings(o, "object_refs") : [];

    private static IEnumerable<(string Type, string Value)> Observable(JsonElement sco)
    {
        var type = Str(sco, "type");
        var value = Str(sco, "value");
        switch (type)
        {
            case "ipv4-addr" or "ipv6-addr" when value is not null: yield return ("ip-dst", value); break;
            case "domain-name" when value is not null: yield return ("domain", value); break;
            case "url" when value is not null: yield return ("url", value); break;
            case "email-addr" when value is not null: yield return ("email-src", value); break;
            case "mac-addr" when value is not null: yield return ("mac-address", value); break;
            case "mutex" when Str(sco, "name") is { } mutex: yield return ("mutex", mutex); break;
            case "windows-registry-key" when Str(sco, "key") is { } key: yield return ("regkey", key); break;
            case "autonomous-system" when Str(sco, "number") is { } number: yield return ("AS", "AS" + number); break;
            case "file":
                if (Str(sco, "name") is { } name) yield return ("filename", name);
                if (sco.TryGetProperty("hashes", out var hashes) && hashes.ValueKind == JsonValueKind.Object)
                    foreach (var h in hashes.EnumerateObject())
                        if (HashTypes.TryGetValue(h.Name, out var t) && h.Value.ValueKind == JsonValueKind.String) yield return (t, h.Value.GetString()!);
                break;
        }
    }

    private static string CategoryOf(string mispType) => mispType switch
    {
        "ip-dst" or "ip-src" or "domain" or "url" or "hostname" or "mac-address" or "AS" => "Network activity",
        "mutex" or "regkey" => "Artifacts dropped",
        "filename" or "email-src" => "Payload delivery",
        _ when HashTypes.ContainsValue(mispType) => "Payload delivery",
        _ => "Other",
    };

    /// <summary>The UUID part of a STIX id.</summary>
    public static Guid UuidOf(string stixId)
    {
        var cut = stixId.IndexOf("--", StringComparison.Ordinal);
        return cut >= 0 && Guid.TryParse(stixId[(cut + 2)..], out var g) ? g : StixIds.Uuid5(StixIds.Namespace, stixId);
    }

    private static Guid Derived(string id, int index) => index == 0 && !id.Contains('#', StringComparison.Ordinal) ? UuidOf(id) : StixIds.Uuid5(StixIds.Namespace, $"{id}#{index}");

    private static string Unescape(string literal) => literal.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static DateTimeOffset? Time(string? s)
        => s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string? Str(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p)
            ? p.ValueKind switch { JsonValueKind.String => p.GetString(), JsonValueKind.Number => p.GetRawText(), _ => null }
            : null;

    private static IEnumerable<string> Strings(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];

    [GeneratedRegex(@"([a-z0-9-]+):([A-Za-z0-9_.'\-\[\]\*]+)\s*=\s*'((?:[^'\\]|\\.)*)'")]
    private static partial Regex Comparison();
}
