using System.Text.Json;
using Kizuna.Core.Features.Misp;
using Kizuna.Stix.Misp;
using Kizuna.Stix.Objects;

namespace Kizuna.Server.Features.Misp;

/// <summary>
/// Streams a STIX report as a MISP event (<c>{"Event":{…}}</c>) with a <see cref="Utf8JsonWriter"/>:
/// the event's fields, then its attributes, its objects and its galaxies, read from the database a
/// chunk at a time (two passes over the references, the first one audited), so an event of any size leaves in constant memory.
/// </summary>
public static class MispEventWriter
{
    /// <summary>The creator written for reports that did not come from MISP (their contributor is not disclosed).</summary>
    public const string DefaultOrgName = "Kizuna";

    public static readonly Guid DefaultOrgUuid = StixIds.Uuid5(StixIds.Namespace, "kizuna:misp-orgc");

    private const int FlushAt = 64 * 1024;

    public static async Task WriteAsync(Stream body, MispEventSource source, MispEventQueries queries, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(body);
        w.WriteStartObject();
        w.WriteStartObject("Event");
        MispJsonWriter.WriteEventFields(w, source.Header, DefaultOrgName, DefaultOrgUuid);
        w.WriteStartArray("Attribute");
        await foreach (var item in queries.ItemsAsync(source, audit: true, ct))
        {
            foreach (var a in item.Attributes) MispJsonWriter.WriteAttribute(w, a);
            if (w.BytesPending > FlushAt) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        var clusters = new List<MispGalaxyCluster>();
        w.WriteStartArray("Object");
        // The same rows again: already in the audit trail from the first pass.
        await foreach (var item in queries.ItemsAsync(source, audit: false, ct))
        {
            if (item.Object is { } o) MispJsonWriter.WriteObject(w, o);
            if (item.Cluster is { } c) clusters.Add(c);
            if (w.BytesPending > FlushAt) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        MispJsonWriter.WriteGalaxies(w, clusters);
        w.WriteEndObject();
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    /// <summary>The values of every attribute of the event (objects' included), for a feed's <c>hashes.csv</c>.</summary>
    public static async IAsyncEnumerable<string> ValuesAsync(MispEventSource source, MispEventQueries queries, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in queries.ItemsAsync(source, audit: true, ct))
        {
            foreach (var a in item.Attributes) yield return a.Value;
            if (item.Object is { } o)
                foreach (var a in o.Attributes) yield return a.Value;
        }
    }
}
