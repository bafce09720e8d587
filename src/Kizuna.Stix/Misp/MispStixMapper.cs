using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kizuna.Stix.Objects;

namespace Kizuna.Stix.Misp;

/// <summary>
/// Maps one MISP event to STIX 2.1 (MISP → STIX), piece by piece as <see cref="MispEventReader"/> reads it:
/// <list type="bullet">
/// <item>an attribute with <c>to_ids</c> → an <c>indicator</c> (id <c>indicator--&lt;attribute uuid&gt;</c>) with a STIX pattern;
/// without → <c>observed-data</c> (<c>observed-data--&lt;uuid&gt;</c>) and its cyber observables (deterministic ids);</item>
/// <item>an object (<c>file</c>, <c>domain-ip</c>, <c>url</c>, <c>network-connection</c>) → one indicator or observed data
/// combining its attributes; other objects are mapped attribute by attribute;</item>
/// <item><c>text</c>, <c>comment</c>, <c>other</c> and every type without a mapping → a <c>note</c> carrying the value
/// (unmapped types are counted in <see cref="Unmapped"/>); <c>vulnerability</c> → a vulnerability;</item>
/// <item><c>mitre-attack-pattern</c> galaxy clusters → <c>attack-pattern</c> with its <c>mitre-attack</c> external id;</item>
/// <item>the event → a <c>report</c> (<c>report--&lt;event uuid&gt;</c>) whose <c>object_refs</c> list the above.</item>
/// </list>
/// <c>tlp:*</c> tags become the official TLP 2.0 marking of every object made: the most restrictive of the
/// event's and the attribute's (an attribute never loosens its event). Ids and versions derive from MISP's
/// uuids and timestamps, so importing the same event again makes nothing new. What MISP needs to get
/// its event back (type, category, value, object template) rides along as <c>x_misp_*</c> properties.
/// </summary>
public sealed partial class MispStixMapper
{
    /// <summary>The version of every attack pattern made from a galaxy cluster: fixed, so one technique named by many events is stored once.</summary>
    public static readonly DateTimeOffset GalaxyVersion = new(2018, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Most distinct unmapped type names counted one by one; the rest are counted under "(other)".</summary>
    public const int MaxUnmappedNames = 100;

    private static readonly HashSet<string> NoteTypes = new(StringComparer.OrdinalIgnoreCase) { "text", "comment", "other" };

    private static readonly Dictionary<string, string> HashAlgorithms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["md5"] = "MD5", ["sha1"] = "SHA-1", ["sha256"] = "SHA-256", ["sha512"] = "SHA-512", ["sha224"] = "SHA-224",
        ["sha384"] = "SHA-384", ["sha3-256"] = "SHA3-256", ["sha3-512"] = "SHA3-512", ["ssdeep"] = "SSDEEP", ["tlsh"] = "TLSH",
    };

    private readonly MispEventHeader _event;
    private readonly Dictionary<string, int> _unmapped = new(StringComparer.Ordinal);

    public MispStixMapper(MispEventHeader header)
    {
        _event = header;
        EventTime = header.Timestamp > 0 ? DateTimeOffset.FromUnixTimeSeconds(header.Timestamp) : new DateTimeOffset(header.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <summary>The id of the event's report.</summary>
    public string ReportId => "report--" + _event.Uuid.ToString("D");

    /// <summary>The event's last change.</summary>
    public DateTimeOffset EventTime { get; }

    /// <summary>MISP types, object templates (<c>object:…</c>) and galaxies (<c>galaxy:…</c>) that had no STIX mapping, and how often.</summary>
    public IReadOnlyDictionary<string, int> Unmapped => _unmapped;

    /// <summary>Maps one attribute that stands on its own in the event.</summary>
    public MispStixResult Attribute(MispAttribute a)
    {
        var tlp = Stricter(_event.Tlp, MispTags.Tlp(a.Tags));
        var time = Time(a.Timestamp);
        var type = a.Type.ToLowerInvariant();
        if (type == "vulnerability") return One(Vulnerability(a, tlp, time));
        if (Observe(type, a.Value) is not { } observable)
        {
            if (!NoteTypes.Contains(type)) Count(type);
            return One(Note(a, tlp, time));
        }
        var id = (a.ToIds ? "indicator--" : "observed-data--") + a.Uuid.ToString("D");
        var custom = new JsonObject
        {
            ["x_misp_type"] = a.Type, ["x_misp_category"] = a.Category, ["x_misp_value"] = a.Value,
        };
        if (a.Comment is not null) custom["x_misp_comment"] = a.Comment;
        return Emit(id, a.ToIds, $"{a.Type}: {a.Value}", a.Comment, [observable], tlp, time, Labels(a.Tags), custom);
    }

    /// <summary>Maps one object: a known template to one indicator or observed data, any other attribute by attribute.</summary>
    public MispStixResult Object(MispObject o)
    {
        var tlp = Stricter(_event.Tlp, MispTags.Tlp(o.Attributes.SelectMany(a => a.Tags)));
        var time = Time(Math.Max(o.Timestamp, o.Attributes.Count == 0 ? 0 : o.Attributes.Max(a => a.Timestamp)));
        var observable = o.Name.ToLowerInvariant() switch
        {
            "file" => FileObject(o),
            "domain-ip" => DomainIpObject(o),
            "url" => o.Attributes.FirstOrDefault(a => a.Type.Equals("url", StringComparison.OrdinalIgnoreCase)) is { } u ? Observe("url", u.Value) : null,
            "network-connection" => NetworkConnection(o),
            _ => null,
        };
        if (observable is null)
        {
            Count("object:" + o.Name);
            var objects = new List<JsonObject>();
            var refs = new List<string>();
            foreach (var a in o.Attributes)
            {
                var one = Attribute(a with { Tags = [.. a.Tags, .. TlpTag(tlp)] });
                objects.AddRange(one.Objects);
                refs.AddRange(one.Refs);
            }
            return new MispStixResult(objects, refs);
        }
        var toIds = o.Attributes.Any(a => a.ToIds);
        var id = (toIds ? "indicator--" : "observed-data--") + o.Uuid.ToString("D");
        var attributes = new JsonArray();
        foreach (var a in o.Attributes)
        {
            var entry = new JsonObject
            {
                ["uuid"] = a.Uuid.ToString("D"), ["type"] = a.Type, ["category"] = a.Category, ["value"] = a.Value, ["to_ids"] = a.ToIds,
            };
            if (a.ObjectRelation is not null) entry["object_relation"] = a.ObjectRelation;
            if (a.Comment is not null) entry["comment"] = a.Comment;
            if (a.Timestamp > 0) entry["timestamp"] = a.Timestamp;
            attributes.Add(entry);
        }
        var template = new JsonObject { ["name"] = o.Name, ["meta_category"] = o.MetaCategory, ["attributes"] = attributes };
        if (o.Comment is not null) template["comment"] = o.Comment;
        var custom = new JsonObject { ["x_misp_object"] = template };
        return Emit(id, toIds, $"{o.Name}: {string.Join(", ", o.Attributes.Take(3).Select(a => a.Value))}", o.Comment, [observable], tlp, time,
            Labels(o.Attributes.SelectMany(a => a.Tags).Distinct()), custom);
    }

    /// <summary>Maps the event's galaxies: ATT&amp;CK techniques to attack patterns; other galaxies are counted as unmapped.</summary>
    public MispStixResult Galaxies()
    {
        var objects = new List<JsonObject>();
        foreach (var c in _event.Galaxies)
        {
            if (!c.GalaxyType.Equals("mitre-attack-pattern", StringComparison.OrdinalIgnoreCase)) { Count("galaxy:" + c.GalaxyType); continue; }
            var externalId = c.ExternalIds.FirstOrDefault(x => TechniqueId().IsMatch(x)) ?? (TechniqueSuffix().Match(c.Value) is { Success: true } m ? m.Groups[1].Value : null);
            var name = TechniqueSuffix().Replace(c.Value, "").Trim();
            var id = "attack-pattern--" + (c.Uuid ?? StixIds.Uuid5(StixIds.Namespace, "mitre-attack:" + (externalId ?? c.Value))).ToString("D");
            var ap = Sdo("attack-pattern", id, GalaxyVersion, _event.Tlp);
            ap["name"] = name.Length == 0 ? c.Value : name;
            if (c.Description is not null) ap["description"] = c.Description;
            if (externalId is not null)
                ap["external_references"] = new JsonArray(new JsonObject
                {
                    ["source_name"] = "mitre-attack", ["external_id"] = externalId,
                    ["url"] = "https://attack.mitre.org/techniques/" + externalId.Replace('.', '/'),
                });
            ap["x_misp_tag_name"] = c.TagName;
            objects.Add(ap);
        }
        return new MispStixResult(objects, objects.Select(o => (string)o["id"]!).Distinct().ToList());
    }

    /// <summary>The event's report, listing <paramref name="refs"/> (which must not be empty for a valid report).</summary>
    public JsonObject Report(IEnumerable<string> refs)
    {
        var date = new DateTimeOffset(_event.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var created = date < EventTime ? date : EventTime;
        var report = Sdo("report", ReportId, EventTime, _event.Tlp, created);
        report["name"] = _event.Info.Length == 0 ? $"MISP event {_event.Uuid:D}" : _event.Info;
        report["report_types"] = new JsonArray("threat-report");
        report["published"] = Stamp(_event.PublishTimestamp > 0 ? DateTimeOffset.FromUnixTimeSeconds(_event.PublishTimestamp) : EventTime);
        report["object_refs"] = new JsonArray(refs.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray());
        if (Labels(_event.Tags) is { } labels) report["labels"] = labels;
        var misp = new JsonObject
        {
            ["date"] = _event.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["threat_level_id"] = _event.ThreatLevelId,
            ["analysis"] = _event.Analysis, ["published"] = _event.Published,
        };
        if (_event.OrgcName is not null) misp["orgc_name"] = _event.OrgcName;
        if (_event.OrgcUuid is { } orgc) misp["orgc_uuid"] = orgc.ToString("D");
        report["x_misp_event"] = misp;
        return report;
    }

    private MispStixResult Emit(string id, bool indicator, string name, string? description, IReadOnlyList<Observable> observables, Tlp? tlp,
        DateTimeOffset time, JsonArray? labels, JsonObject custom)
    {
        var sdo = Sdo(indicator ? "indicator" : "observed-data", id, time, tlp);
        var objects = new List<JsonObject> { sdo };
        if (indicator)
        {
            sdo["name"] = name.Length > 250 ? name[..250] : name;
            if (description is not null) sdo["description"] = description;
            sdo["indicator_types"] = new JsonArray("malicious-activity");
            sdo["pattern"] = string.Join(" OR ", observables.Select(o => "[" + string.Join(" AND ", o.Comparisons) + "]"));
            sdo["pattern_type"] = "stix";
            sdo["valid_from"] = Stamp(time);
        }
        else
        {
            sdo["first_observed"] = Stamp(time);
            sdo["last_observed"] = Stamp(time);
            sdo["number_observed"] = 1;
            var refs = new JsonArray();
            foreach (var o in observables)
                foreach (var sco in o.Related.Append(o.Main))
                {
                    Mark(sco, tlp);
                    objects.Add(sco);
                    refs.Add((string)sco["id"]!);
                }
            sdo["object_refs"] = refs;
        }
        if (labels is not null) sdo["labels"] = labels;
        foreach (var (key, value) in custom.ToList())
        {
            custom.Remove(key);
            sdo[key] = value;
        }
        return new MispStixResult(objects, [id]);
    }

    private JsonObject Note(MispAttribute a, Tlp? tlp, DateTimeOffset time)
    {
        var note = Sdo("note", "note--" + a.Uuid.ToString("D"), time, tlp);
        note["abstract"] = $"MISP {a.Type} ({a.Category})";
        note["content"] = a.Comment is null ? a.Value : $"{a.Value}\n\n{a.Comment}";
        note["object_refs"] = new JsonArray(ReportId);
        if (Labels(a.Tags) is { } labels) note["labels"] = labels;
        note["x_misp_type"] = a.Type;
        note["x_misp_category"] = a.Category;
        note["x_misp_value"] = a.Value;
        note["x_misp_to_ids"] = a.ToIds;
        if (a.Comment is not null) note["x_misp_comment"] = a.Comment;
        return note;
    }

    private JsonObject Vulnerability(MispAttribute a, Tlp? tlp, DateTimeOffset time)
    {
        var v = Sdo("vulnerability", "vulnerability--" + a.Uuid.ToString("D"), time, tlp);
        v["name"] = a.Value;
        if (a.Comment is not null) v["description"] = a.Comment;
        if (CveId().IsMatch(a.Value)) v["external_references"] = new JsonArray(new JsonObject { ["source_name"] = "cve", ["external_id"] = a.Value.ToUpperInvariant() });
        v["x_misp_type"] = a.Type;
        v["x_misp_category"] = a.Category;
        v["x_misp_value"] = a.Value;
        v["x_misp_to_ids"] = a.ToIds;
        return v;
    }

    /// <summary>A cyber observable (and those it references) with the comparisons a pattern for it holds.</summary>
    private sealed record Observable(JsonObject Main, IReadOnlyList<JsonObject> Related, IReadOnlyList<string> Comparisons);

    /// <summary>The observable of one MISP type and value, or null when the type has no mapping (or the value does not fit it).</summary>
    private static Observable? Observe(string type, string value)
    {
        value = value.Trim();
        switch (type)
        {
            case "ip-src" or "ip-dst":
                return Ip(value) is { } ip ? new Observable(ip, [], [$"{ip["type"]}:value = {Lit(value)}"]) : null;
            case "ip-src|port" or "ip-dst|port":
            {
                var cut = value.LastIndexOf('|');
                if (cut < 0 || !int.TryParse(value[(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535) return null;
                if (Ip(value[..cut]) is not { } addr) return null;
                var side = type.StartsWith("ip-src", StringComparison.Ordinal) ? "src" : "dst";
                var traffic = Sco(new JsonObject
                {
                    ["type"] = "network-traffic", [$"{side}_ref"] = addr["id"]!.DeepClone(), [$"{side}_port"] = port,
                    ["protocols"] = new JsonArray(addr["type"]!.GetValue<string>() == "ipv6-addr" ? "ipv6" : "ipv4", "tcp"),
                });
                return new Observable(traffic, [addr],
                    [$"network-traffic:{side}_ref.type = {Lit(addr["type"]!.GetValue<string>())}", $"network-traffic:{side}_ref.value = {Lit(value[..cut])}", $"network-traffic:{side}_port = {port}"]);
            }
            case "domain" or "hostname":
                return new Observable(Sco(new JsonObject { ["type"] = "domain-name", ["value"] = value }), [], [$"domain-name:value = {Lit(value)}"]);
            case "domain|ip":
            {
                var parts = value.Split('|', 2);
                if (parts.Length != 2 || Ip(parts[1]) is not { } addr) return null;
                var domain = Sco(new JsonObject { ["type"] = "domain-name", ["value"] = parts[0], ["resolves_to_refs"] = new JsonArray(addr["id"]!.DeepClone()) });
                return new Observable(domain, [addr], [$"domain-name:value = {Lit(parts[0])}", $"domain-name:resolves_to_refs[*].value = {Lit(parts[1])}"]);
            }
            case "url" or "uri":
                return new Observable(Sco(new JsonObject { ["type"] = "url", ["value"] = value }), [], [$"url:value = {Lit(value)}"]);
            case "filename":
                return new Observable(Sco(new JsonObject { ["type"] = "file", ["name"] = value }), [], [$"file:name = {Lit(value)}"]);
            case "email" or "email-src" or "email-dst" or "email-reply-to":
                return new Observable(Sco(new JsonObject { ["type"] = "email-addr", ["value"] = value }), [], [$"email-addr:value = {Lit(value)}"]);
            case "mutex":
                return new Observable(Sco(new JsonObject { ["type"] = "mutex", ["name"] = value }), [], [$"mutex:name = {Lit(value)}"]);
            case "regkey":
                return new Observable(Sco(new JsonObject { ["type"] = "windows-registry-key", ["key"] = value }), [], [$"windows-registry-key:key = {Lit(value)}"]);
            case "regkey|value":
            {
                var parts = value.Split('|', 2);
                if (parts.Length != 2) return null;
                var key = Sco(new JsonObject { ["type"] = "windows-registry-key", ["key"] = parts[0], ["values"] = new JsonArray(new JsonObject { ["data"] = parts[1] }) });
                return new Observable(key, [], [$"windows-registry-key:key = {Lit(parts[0])}", $"windows-registry-key:values[*].data = {Lit(parts[1])}"]);
            }
            case "as":
            {
                var digits = value.StartsWith("AS", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
                if (!uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
                return new Observable(Sco(new JsonObject { ["type"] = "autonomous-system", ["number"] = number }), [], [$"autonomous-system:number = {number}"]);
            }
            case "mac-address":
                return new Observable(Sco(new JsonObject { ["type"] = "mac-addr", ["value"] = value.ToLowerInvariant() }), [], [$"mac-addr:value = {Lit(value.ToLowerInvariant())}"]);
            case "x509-fingerprint-sha1" or "x509-fingerprint-sha256" or "x509-fingerprint-md5":
            {
                var algorithm = HashAlgorithms[type["x509-fingerprint-".Length..]];
                return new Observable(Sco(new JsonObject { ["type"] = "x509-certificate", ["hashes"] = new JsonObject { [algorithm] = value } }), [],
                    [$"x509-certificate:hashes.{Path(algorithm)} = {Lit(value)}"]);
            }
        }
        if (HashAlgorithms.TryGetValue(type, out var alg))
            return new Observable(Sco(new JsonObject { ["type"] = "file", ["hashes"] = new JsonObject { [alg] = value } }), [], [$"file:hashes.{Path(alg)} = {Lit(value)}"]);
        if (type.StartsWith("filename|", StringComparison.Ordinal) && HashAlgorithms.TryGetValue(type["filename|".Length..], out var fileAlg))
        {
            var parts = value.Split('|', 2);
            if (parts.Length != 2) return null;
            return new Observable(Sco(new JsonObject { ["type"] = "file", ["name"] = parts[0], ["hashes"] = new JsonObject { [fileAlg] = parts[1] } }), [],
                [$"file:name = {Lit(parts[0])}", $"file:hashes.{Path(fileAlg)} = {Lit(parts[1])}"]);
        }
        return null;
    }

    private static Observable? FileObject(MispObject o)
    {
        var file = new JsonObject { ["type"] = "file" };
        var hashes = new JsonObject();
        var comparisons = new List<string>();
        foreach (var a in o.Attributes)
        {
            var t = a.Type.ToLowerInvariant();
            var v = a.Value.Trim();
            if (HashAlgorithms.TryGetValue(t, out var alg) && !hashes.ContainsKey(alg))
            {
                hashes[alg] = v;
                comparisons.Add($"file:hashes.{Path(alg)} = {Lit(v)}");
            }
            else if (t == "filename" && !file.ContainsKey("name"))
            {
                file["name"] = v;
                comparisons.Add($"file:name = {Lit(v)}");
            }
            else if (t == "size-in-bytes" && !file.ContainsKey("size") && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                file["size"] = size;
                comparisons.Add($"file:size = {size}");
            }
        }
        if (hashes.Count > 0) file["hashes"] = hashes;
        if (hashes.Count == 0 && !file.ContainsKey("name")) return null;
        return new Observable(Sco(file), [], comparisons);
    }

    private static Observable? DomainIpObject(MispObject o)
    {
        var domain = o.Attributes.FirstOrDefault(a => a.Type is "domain" or "hostname");
        if (domain is null) return null;
        var ips = o.Attributes.Where(a => a.Type is "ip-dst" or "ip-src").Select(a => (a.Value.Trim(), Ip(a.Value.Trim()))).Where(x => x.Item2 is not null).ToList();
        var sco = new JsonObject { ["type"] = "domain-name", ["value"] = domain.Value.Trim() };
        if (ips.Count > 0) sco["resolves_to_refs"] = new JsonArray(ips.Select(x => x.Item2!["id"]!.DeepClone()).ToArray());
        var comparisons = new List<string> { $"domain-name:value = {Lit(domain.Value.Trim())}" };
        comparisons.AddRange(ips.Select(x => $"domain-name:resolves_to_refs[*].value = {Lit(x.Item1)}"));
        return new Observable(Sco(sco), ips.Select(x => x.Item2!).ToList(), comparisons);
    }

    private static Observable? NetworkConnection(MispObject o)
    {
        var traffic = new JsonObject { ["type"] = "network-traffic" };
        var related = new List<JsonObject>();
        var comparisons = new List<string>();
        foreach (var side in new[] { "src", "dst" })
        {
            if (o.Attributes.FirstOrDefault(a => a.ObjectRelation == $"ip-{side}" || (a.ObjectRelation is null && a.Type == $"ip-{side}")) is { } ipAttr
                && Ip(ipAttr.Value.Trim()) is { } ip)
            {
                traffic[$"{side}_ref"] = ip["id"]!.DeepClone();
                related.Add(ip);
                comparisons.Add($"network-traffic:{side}_ref.type = {Lit(ip["type"]!.GetValue<string>())}");
                comparisons.Add($"network-traffic:{side}_ref.value = {Lit(ipAttr.Value.Trim())}");
            }
            if (o.Attributes.FirstOrDefault(a => a.ObjectRelation == $"{side}-port") is { } portAttr
                && int.TryParse(portAttr.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                traffic[$"{side}_port"] = port;
                comparisons.Add($"network-traffic:{side}_port = {port}");
            }
        }
        if (related.Count == 0) return null;
        var protocols = o.Attributes.Where(a => a.ObjectRelation is "layer3-protocol" or "layer4-protocol" or "layer7-protocol")
            .Select(a => a.Value.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct().ToList();
        if (protocols.Count == 0) protocols.Add("tcp");
        traffic["protocols"] = new JsonArray(protocols.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray());
        return new Observable(Sco(traffic), related, comparisons);
    }

    private static JsonObject? Ip(string value)
    {
        var type = value.Contains(':', StringComparison.Ordinal) ? "ipv6-addr" : "ipv4-addr";
        var address = value.Split('/')[0];
        if (!System.Net.IPAddress.TryParse(address, out var parsed) || (parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) != (type == "ipv6-addr"))
            return null;
        return Sco(new JsonObject { ["type"] = type, ["value"] = value });
    }

    /// <summary>Puts the SCO's deterministic id first (STIX 2.1 §2.9).</summary>
    private static JsonObject Sco(JsonObject body)
    {
        var id = StixIds.DeterministicId(JsonSerializer.SerializeToElement(body)) ?? StixIds.NewId(body["type"]!.GetValue<string>());
        var sco = new JsonObject { ["type"] = body["type"]!.DeepClone(), ["spec_version"] = "2.1", ["id"] = id };
        foreach (var (key, value) in body.ToList())
        {
            if (key == "type") continue;
            body.Remove(key);
            sco[key] = value;
        }
        return sco;
    }

    private static JsonObject Sdo(string type, string id, DateTimeOffset modified, Tlp? tlp, DateTimeOffset? created = null)
    {
        var o = new JsonObject
        {
            ["type"] = type, ["spec_version"] = "2.1", ["id"] = id, ["created"] = Stamp(created ?? modified), ["modified"] = Stamp(modified),
        };
        Mark(o, tlp);
        return o;
    }

    private static void Mark(JsonObject o, Tlp? tlp)
    {
        if (tlp is { } level) o["object_marking_refs"] = new JsonArray(TlpMarkings.StixId(level));
    }

    private DateTimeOffset Time(long unix) => unix > 0 ? DateTimeOffset.FromUnixTimeSeconds(unix) : EventTime;

    private static string[] TlpTag(Tlp? tlp) => tlp is { } t ? [MispTags.TagOf(t)] : [];

    private static Tlp? Stricter(Tlp? a, Tlp? b) => a is null ? b : b is null ? a : (Tlp)Math.Max((int)a, (int)b);

    /// <summary>The tags other than TLP ones, as STIX labels (null when none).</summary>
    private static JsonArray? Labels(IEnumerable<string> tags)
    {
        var labels = tags.Where(t => MispTags.TlpOf(t) is null && !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        return labels.Count == 0 ? null : new JsonArray(labels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());
    }

    private MispStixResult One(JsonObject o) => new([o], [(string)o["id"]!]);

    private void Count(string name)
    {
        var key = _unmapped.ContainsKey(name) || _unmapped.Count < MaxUnmappedNames ? name : "(other)";
        _unmapped[key] = _unmapped.GetValueOrDefault(key) + 1;
    }

    /// <summary>A STIX timestamp with milliseconds, e.g. 2026-04-01T09:30:00.000Z.</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A STIX pattern string literal.</summary>
    public static string Lit(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string Path(string hashName) => hashName.All(char.IsAsciiLetterOrDigit) ? hashName : $"'{hashName}'";

    [GeneratedRegex(@"^T\d{4}(\.\d{3})?$")]
    private static partial Regex TechniqueId();

    [GeneratedRegex(@"\s*-\s*(T\d{4}(?:\.\d{3})?)\s*$")]
    private static partial Regex TechniqueSuffix();

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$", RegexOptions.IgnoreCase)]
    private static partial Regex CveId();
}
