namespace Kizuna.Stix.Misp;

/// <summary>
/// One MISP attribute (MISP core format <c>Attribute</c>): a typed value such as an IP address, a
/// domain or a file hash. <see cref="ToIds"/> marks it as an indicator for detection; attributes of
/// a MISP object carry their <see cref="ObjectRelation"/> within it.
/// </summary>
/// <param name="Uuid">The attribute's <c>uuid</c>.</param>
/// <param name="Type">The MISP type (<c>ip-dst</c>, <c>domain</c>, <c>sha256</c>, <c>filename|md5</c>…).</param>
/// <param name="Category">The MISP category (<c>Network activity</c>, <c>Payload delivery</c>…).</param>
/// <param name="Value">The value; composite types join their parts with <c>|</c>.</param>
/// <param name="ToIds">Whether it is meant for detection (an indicator).</param>
/// <param name="Comment">The free-text comment, if any.</param>
/// <param name="Timestamp">Last change, in Unix seconds (0 when absent).</param>
/// <param name="Tags">Tag names (<c>tlp:amber</c>, <c>misp-galaxy:…</c>).</param>
/// <param name="ObjectRelation">Its role inside a MISP object (<c>md5</c>, <c>ip</c>, <c>dst-port</c>…), if in one.</param>
public sealed record MispAttribute(Guid Uuid, string Type, string Category, string Value, bool ToIds, string? Comment, long Timestamp,
    IReadOnlyList<string> Tags, string? ObjectRelation = null);
