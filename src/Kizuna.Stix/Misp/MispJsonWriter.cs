using System.Globalization;
using System.Text.Json;

namespace Kizuna.Stix.Misp;

/// <summary>
/// Writes MISP core-format JSON with a <see cref="Utf8JsonWriter"/>, one piece at a time, so an event
/// of any size streams out: the event's own fields, attributes, objects, galaxies, and the entries of a
/// MISP feed's <c>manifest.json</c>. Numbers MISP writes as strings (timestamps, threat level,
/// analysis) are strings here too.
/// </summary>
public static class MispJsonWriter
{
    /// <summary>The event's fields (uuid, info, date, threat_level_id, analysis, published, timestamps, Orgc, Tag), inside an open object.</summary>
    public static void WriteEventFields(Utf8JsonWriter w, MispEventHeader e, string defaultOrgName, Guid defaultOrgUuid)
    {
        w.WriteString("uuid", e.Uuid.ToString("D"));
        w.WriteString("info", e.Info);
        w.WriteString("date", e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("threat_level_id", e.ThreatLevelId);
        w.WriteString("analysis", e.Analysis);
        w.WriteBoolean("published", e.Published);
        w.WriteString("timestamp", e.Timestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteString("publish_timestamp", e.PublishTimestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteStartObject("Orgc");
        w.WriteString("name", e.OrgcName ?? defaultOrgName);
        w.WriteString("uuid", (e.OrgcUuid ?? defaultOrgUuid).ToString("D"));
        w.WriteEndObject();
        WriteTags(w, e.Tags);
    }

    /// <summary>One attribute, as an element of an open array.</summary>
    public static void WriteAttribute(Utf8JsonWriter w, MispAttribute a)
    {
        w.WriteStartObject();
        w.WriteString("uuid", a.Uuid.ToString("D"));
        w.WriteString("type", a.Type);
        w.WriteString("category", a.Category);
        w.WriteString("value", a.Value);
        w.WriteBoolean("to_ids", a.ToIds);
        w.WriteString("comment", a.Comment ?? "");
        if (a.ObjectRelation is not null) w.WriteString("object_relation", a.ObjectRelation);
        w.WriteString("timestamp", a.Timestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteBoolean("disable_correlation", false);
        WriteTags(w, a.Tags);
        w.WriteEndObject();
    }

    /// <summary>One object with its attributes, as an element of an open array.</summary>
    public static void WriteObject(Utf8JsonWriter w, MispObject o)
    {
        w.WriteStartObject();
        w.WriteString("uuid", o.Uuid.ToString("D"));
        w.WriteString("name", o.Name);
        w.WriteString("meta-category", o.MetaCategory);
        w.WriteString("comment", o.Comment ?? "");
        w.WriteString("timestamp", o.Timestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteStartArray("Attribute");
        foreach (var a in o.Attributes) WriteAttribute(w, a);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The <c>Galaxy</c> list: one galaxy per type, each with its clusters.</summary>
    public static void WriteGalaxies(Utf8JsonWriter w, IEnumerable<MispGalaxyCluster> clusters)
    {
        w.WriteStartArray("Galaxy");
        foreach (var galaxy in clusters.GroupBy(c => c.GalaxyType))
        {
            w.WriteStartObject();
            w.WriteString("type", galaxy.Key);
            w.WriteString("name", galaxy.Key == "mitre-attack-pattern" ? "Attack Pattern" : galaxy.Key);
            w.WriteStartArray("GalaxyCluster");
            foreach (var c in galaxy)
            {
                w.WriteStartObject();
                w.WriteString("type", c.GalaxyType);
                w.WriteString("value", c.Value);
                w.WriteString("tag_name", c.TagName);
                if (c.Uuid is { } u) w.WriteString("uuid", u.ToString("D"));
                if (c.Description is not null) w.WriteString("description", c.Description);
                w.WriteStartObject("meta");
                w.WriteStartArray("external_id");
                foreach (var x in c.ExternalIds) w.WriteStringValue(x);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>One entry of a feed's <c>manifest.json</c> (<c>"uuid": {info, date, …, Orgc, Tag}</c>), inside the open manifest object.</summary>
    public static void WriteManifestEntry(Utf8JsonWriter w, MispEventHeader e, string defaultOrgName, Guid defaultOrgUuid)
    {
        w.WriteStartObject(e.Uuid.ToString("D"));
        w.WriteString("info", e.Info);
        w.WriteString("date", e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("analysis", e.Analysis);
        w.WriteString("threat_level_id", e.ThreatLevelId);
        w.WriteBoolean("published", e.Published);
        w.WriteString("timestamp", e.Timestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteString("publish_timestamp", e.PublishTimestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteStartObject("Orgc");
        w.WriteString("name", e.OrgcName ?? defaultOrgName);
        w.WriteString("uuid", (e.OrgcUuid ?? defaultOrgUuid).ToString("D"));
        w.WriteEndObject();
        WriteTags(w, e.Tags);
        w.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter w, IReadOnlyList<string> tags)
    {
        w.WriteStartArray("Tag");
        foreach (var tag in tags)
        {
            w.WriteStartObject();
            w.WriteString("name", tag);
            if (MispTags.TlpOf(tag) is { } tlp) w.WriteString("colour", MispTags.ColourOf(tlp));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
