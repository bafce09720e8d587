using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kizuna.Stix.Json;

namespace Kizuna.Stix.Objects;

/// <summary>
/// STIX identifiers: random UUIDv4 ids for SDOs, SROs and markings, and deterministic UUIDv5 ids for SCOs
/// (STIX 2.1 §2.9): the UUIDv5 under namespace <see cref="Namespace"/> of the RFC 8785 canonical JSON of the
/// type's ID-contributing properties that are present. Of <c>hashes</c> only one is used, in the order
/// MD5, SHA-1, SHA-256, SHA-512, else the first given.
/// </summary>
public static class StixIds
{
    /// <summary>The STIX namespace for deterministic SCO ids, <c>00abedb4-aa42-466c-9c01-fed23315a9b7</c>.</summary>
    public static readonly Guid Namespace = Guid.Parse("00abedb4-aa42-466c-9c01-fed23315a9b7");

    private static readonly Dictionary<string, string[]> Contributing = new(StringComparer.Ordinal)
    {
        ["artifact"] = ["hashes", "payload_bin"],
        ["autonomous-system"] = ["number"],
        ["directory"] = ["path"],
        ["domain-name"] = ["value"],
        ["email-addr"] = ["value"],
        ["email-message"] = ["from_ref", "subject", "body"],
        ["file"] = ["hashes", "name", "extensions", "parent_directory_ref"],
        ["ipv4-addr"] = ["value"],
        ["ipv6-addr"] = ["value"],
        ["mac-addr"] = ["value"],
        ["mutex"] = ["name"],
        ["network-traffic"] = ["start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"],
        ["process"] = [],
        ["software"] = ["name", "cpe", "swid", "vendor", "version"],
        ["url"] = ["value"],
        ["user-account"] = ["account_type", "user_id", "account_login"],
        ["windows-registry-key"] = ["key", "values"],
        ["x509-certificate"] = ["hashes", "serial_number"],
    };

    private static readonly string[] HashPreference = ["MD5", "SHA-1", "SHA-256", "SHA-512"];

    /// <summary>The ID-contributing properties of an SCO type (empty for <c>process</c>; null for a type that is not a modelled SCO).</summary>
    public static IReadOnlyList<string>? ContributingProperties(string type) => Contributing.GetValueOrDefault(type);

    /// <summary>A new random id, <c>type--UUIDv4</c>.</summary>
    public static string NewId(string type) => type + "--" + Guid.NewGuid().ToString("D");

    /// <summary>
    /// The deterministic id of an SCO given as JSON, or null when its type has no ID-contributing properties
    /// or none of them is present (then a UUIDv4 id is to be used).
    /// </summary>
    public static string? DeterministicId(JsonElement sco)
    {
        if (sco.ValueKind != JsonValueKind.Object || !sco.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) return null;
        var type = t.GetString()!;
        if (!Contributing.TryGetValue(type, out var names) || names.Length == 0) return null;
        var parts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!sco.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            if (name == "hashes")
            {
                if (value.ValueKind != JsonValueKind.Object) continue;
                var chosen = ChooseHash(value);
                if (chosen is null) continue;
                parts[name] = chosen.Value;
            }
            else parts[name] = value;
        }
        if (parts.Count == 0) return null;
        var canonical = JsonCanonicalizer.Canonicalize(JsonSerializer.SerializeToElement(parts));
        return type + "--" + Uuid5(Namespace, canonical).ToString("D");
    }

    /// <summary>The deterministic id of an SCO, or null when none of its ID-contributing properties is present.</summary>
    public static string? DeterministicId(StixCyberObservable sco) => DeterministicId(StixJson.ToElement(sco));

    /// <summary>The SCO with its id set: the deterministic one, or a new UUIDv4 id when it has no contributing property.</summary>
    public static T WithDeterministicId<T>(T sco) where T : StixCyberObservable
        => sco with { Id = DeterministicId(sco) ?? NewId(sco.Type) };

    private static JsonElement? ChooseHash(JsonElement hashes)
    {
        foreach (var algorithm in HashPreference)
            if (hashes.TryGetProperty(algorithm, out var v))
                return JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { [algorithm] = v });
        foreach (var p in hashes.EnumerateObject())
            return JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { [p.Name] = p.Value });
        return null;
    }

    /// <summary>An RFC 4122 name-based UUID, version 5 (SHA-1), of a UTF-8 name in a namespace.</summary>
    public static Guid Uuid5(Guid namespaceId, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 is defined with; not used for security.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
