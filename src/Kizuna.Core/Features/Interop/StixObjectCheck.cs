using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kizuna.Stix;

namespace Kizuna.Core.Features.Interop;

/// <summary>What the TAXII server needs to know about one STIX object to store and index it.</summary>
/// <param name="Id">The STIX id (<c>type--UUID</c>).</param>
/// <param name="Type">The STIX type.</param>
/// <param name="SpecVersion">The STIX version ("2.1"; an SCO without <c>spec_version</c> is 2.1).</param>
/// <param name="Version"><c>modified</c>, else <c>created</c>; null when the object has neither (SCOs).</param>
/// <param name="Tlp">The most restrictive TLP 2.0 marking among its <c>object_marking_refs</c>, if any.</param>
/// <param name="Label">The name, or an indicator's pattern, if any.</param>
public sealed record StixObjectFacts(string Id, string Type, string SpecVersion, DateTimeOffset? Version, Tlp? Tlp, string? Label);

/// <summary>The verdict on one object: its facts, or why it is refused.</summary>
public sealed record StixObjectVerdict(StixObjectFacts? Facts, string? Error)
{
    public static StixObjectVerdict Accept(StixObjectFacts facts) => new(facts, null);
    public static StixObjectVerdict Refuse(string error) => new(null, error);
}

/// <summary>
/// The seam through which the TAXII server validates each posted STIX object. The built-in
/// <see cref="BasicStixObjectCheck"/> checks the common properties only; the strict validator of
/// <c>Kizuna.Stix</c> replaces it by registering another implementation (one line in
/// <c>Hosting/InteropServices.cs</c>).
/// </summary>
public interface IStixObjectCheck
{
    /// <summary>Checks one element of an envelope's <c>objects</c>; never throws for bad input.</summary>
    StixObjectVerdict Check(JsonElement obj);
}

/// <summary>
/// The minimal STIX 2.1 check: a JSON object; <c>type</c> of 3–250 lower-case letters, digits and
/// single hyphens; <c>id</c> = <c>type--UUID</c>; <c>spec_version</c> "2.1" (optional on SCOs,
/// where absent means 2.1); <c>created</c> and <c>modified</c> RFC 3339 UTC timestamps, required on
/// SDOs and SROs (marking definitions: <c>created</c> only), with <c>modified &gt;= created</c>;
/// <c>object_marking_refs</c> a list of marking-definition ids.
/// </summary>
public sealed partial class BasicStixObjectCheck : IStixObjectCheck
{
    /// <summary>The STIX 2.1 cyber-observable types (they carry no created/modified).</summary>
    public static readonly IReadOnlySet<string> ObservableTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file", "ipv4-addr", "ipv6-addr",
        "mac-addr", "mutex", "network-traffic", "process", "software", "url", "user-account", "windows-registry-key", "x509-certificate",
    };

    private static readonly Dictionary<string, Tlp> TlpByMarking = Enum.GetValues<Tlp>().ToDictionary(TlpMarkings.StixId);

    public StixObjectVerdict Check(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object) return StixObjectVerdict.Refuse("An object must be a JSON object.");
        if (!TryString(obj, "type", out var type)) return StixObjectVerdict.Refuse("'type' is required and must be a string.");
        if (type.Length is < 3 or > StixObjectRecord.MaxTypeLength || !TypePattern().IsMatch(type))
            return StixObjectVerdict.Refuse($"'type' '{Cut(type)}' must be 3 to 250 lower-case letters, digits and single hyphens, starting with a letter.");
        if (!TryString(obj, "id", out var id)) return StixObjectVerdict.Refuse("'id' is required and must be a string.");
        if (!id.StartsWith(type + "--", StringComparison.Ordinal) || !Guid.TryParseExact(id[(type.Length + 2)..], "D", out _) || id.Length > StixObjectRecord.MaxStixIdLength)
            return StixObjectVerdict.Refuse($"'id' '{Cut(id)}' must be '{type}--' followed by a UUID.");

        var observable = ObservableTypes.Contains(type);
        string specVersion = "2.1";
        if (obj.TryGetProperty("spec_version", out var sv))
        {
            if (sv.ValueKind != JsonValueKind.String || sv.GetString() != "2.1") return StixObjectVerdict.Refuse("'spec_version' must be \"2.1\".");
        }
        else if (!observable) return StixObjectVerdict.Refuse($"'spec_version' is required on a {type}.");

        DateTimeOffset? created = null, modified = null;
        foreach (var (name, required) in new[] { ("created", !observable), ("modified", !observable && type != "marking-definition") })
        {
            if (!obj.TryGetProperty(name, out var value))
            {
                if (required) return StixObjectVerdict.Refuse($"'{name}' is required on a {type}.");
                continue;
            }
            if (value.ValueKind != JsonValueKind.String || !TryTimestamp(value.GetString()!, out var t))
                return StixObjectVerdict.Refuse($"'{name}' must be an RFC 3339 timestamp in UTC, e.g. 2026-04-01T09:30:00.000Z.");
            if (name == "created") created = t; else modified = t;
        }
        if (created is not null && modified is not null && modified < created)
            return StixObjectVerdict.Refuse("'modified' must not be earlier than 'created'.");

        Tlp? tlp = null;
        if (obj.TryGetProperty("object_marking_refs", out var refs))
        {
            if (refs.ValueKind != JsonValueKind.Array) return StixObjectVerdict.Refuse("'object_marking_refs' must be a list of marking-definition ids.");
            foreach (var r in refs.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.String || !(r.GetString() ?? "").StartsWith("marking-definition--", StringComparison.Ordinal))
                    return StixObjectVerdict.Refuse("'object_marking_refs' must be a list of marking-definition ids.");
                if (TlpByMarking.TryGetValue(r.GetString()!, out var level) && (tlp is null || level > tlp)) tlp = level;
            }
        }

        string? label = null;
        if (type == "indicator" && TryString(obj, "pattern", out var pattern)) label = pattern;
        else if (TryString(obj, "name", out var name)) label = name;
        else if (TryString(obj, "value", out var v)) label = v;
        else if (type == "relationship" && TryString(obj, "relationship_type", out var rel)) label = rel;
        return StixObjectVerdict.Accept(new StixObjectFacts(id, type, specVersion, TaxiiTime.ToMicroseconds(modified ?? created), tlp, label));
    }

    /// <summary>Parses a STIX timestamp: <c>YYYY-MM-DDTHH:MM:SS[.s+]Z</c>.</summary>
    public static bool TryTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        if (!TimestampPattern().IsMatch(text)) return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
    }

    private static bool TryString(JsonElement obj, string name, out string value)
    {
        value = "";
        if (!obj.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.String) return false;
        value = p.GetString()!;
        return true;
    }

    private static string Cut(string s) => s.Length > 80 ? s[..80] + "…" : s;

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")]
    private static partial Regex TimestampPattern();
}
