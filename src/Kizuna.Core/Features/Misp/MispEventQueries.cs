using System.Runtime.CompilerServices;
using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Interop;
using Kizuna.Stix;
using Kizuna.Stix.Misp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Misp;

/// <summary>A report (or grouping) a viewer may see, ready to be written as a MISP event.</summary>
/// <param name="Header">The event's fields; its <c>tlp:*</c> tag is the report's TLP as stored.</param>
/// <param name="Refs">The report's <c>object_refs</c>, in order.</param>
/// <param name="Scope">Who looks and which levels the channel carries.</param>
public sealed record MispEventSource(MispEventHeader Header, IReadOnlyList<string> Refs, MispScope Scope);

/// <summary>A viewer, the collections it may read, and the TLP levels a channel carries (e.g. CLEAR only for the public feed).</summary>
public sealed record MispScope(Viewer Viewer, IReadOnlyList<Guid> Collections, IReadOnlyList<Tlp> Levels, bool AuditReads);

/// <summary>
/// Reads STIX reports as MISP events (STIX → MISP), for the export endpoint and the MISP feed. Every
/// row read — the report, each object it references, the cyber observables of observed data — passes
/// <see cref="DisclosurePolicy.Visible{T}"/> for the viewer, in a collection the viewer may read, at a
/// level the channel carries; a report the viewer may not see is not found, and a reference it may
/// not see is left out. References are read 500 at a time, so an event of any size streams. Where the
/// scope audits reads, every row of content read at AMBER+STRICT or RED of another organisation (the
/// report, its references and their cyber observables) is written to the audit trail once per export.
/// </summary>
public sealed class MispEventQueries(KizunaDb db, TaxiiCollections collections, AuditTrail audit, IOptions<MispOptions> options)
{
    private const int Chunk = 500;

    /// <summary>Every level: what the export endpoint carries (the disclosure policy alone decides).</summary>
    public static readonly IReadOnlyList<Tlp> AllLevels = Enum.GetValues<Tlp>();

    /// <summary>The viewer's scope for a channel carrying <paramref name="levels"/>.</summary>
    public async Task<MispScope> ScopeAsync(Viewer viewer, IReadOnlyList<Tlp> levels, bool auditReads, CancellationToken ct = default)
    {
        var readable = (await collections.ListAsync(viewer, ct)).Where(a => a.CanRead).Select(a => a.Collection.Id).ToList();
        return new MispScope(viewer, readable, levels, auditReads);
    }

    /// <summary>One report or grouping by STIX id (or by its UUID alone, as a MISP event uuid); 404 unless the scope sees it.</summary>
    public async Task<MispEventSource> FindAsync(MispScope scope, string reportId, CancellationToken ct = default)
    {
        var ids = Guid.TryParse(reportId, out var uuid) ? [$"report--{uuid:D}", $"grouping--{uuid:D}"]
            : reportId.StartsWith("report--", StringComparison.Ordinal) || reportId.StartsWith("grouping--", StringComparison.Ordinal) ? new[] { reportId } : [];
        if (ids.Length == 0 || reportId.Length > StixObjectRecord.MaxStixIdLength)
            throw new NotFoundException($"There is no report '{Cut(reportId)}' you may see; give a report's or grouping's STIX id.");
        var row = await Rows(scope).Where(r => ids.Contains(r.StixId))
            .OrderByDescending(r => r.Sequence).Select(r => new Row(r.StixId, r.Json, r.Distribution.Tlp, r.Distribution.OwnerOrganizationId, r.Sequence)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"There is no report '{Cut(reportId)}' you may see.");
        await AuditAsync(scope, [row], null, ct);
        using var doc = JsonDocument.Parse(row.Json);
        return new MispEventSource(StixMispMapper.Header(doc.RootElement, row.Tlp), RefsOf(doc.RootElement), scope);
    }

    /// <summary>The newest reports and groupings the scope sees (at most <see cref="MispOptions.MaxFeedEvents"/>), as event headers.</summary>
    public async Task<IReadOnlyList<MispEventHeader>> FeedAsync(MispScope scope, CancellationToken ct = default)
        => await FeedAsync(scope, (root, tlp) => StixMispMapper.Header(root, tlp), readsContent: false, ct);

    /// <summary>
    /// The same reports as <see cref="FeedAsync(MispScope, CancellationToken)"/>, each ready for <see cref="ItemsAsync"/>,
    /// from the one read of the feed (for <c>hashes.csv</c>, which would otherwise read every report again).
    /// </summary>
    public async Task<IReadOnlyList<MispEventSource>> FeedSourcesAsync(MispScope scope, CancellationToken ct = default)
        => await FeedAsync(scope, (root, tlp) => new MispEventSource(StixMispMapper.Header(root, tlp), RefsOf(root), scope), readsContent: true, ct);

    /// <summary>The feed's reports, newest first, each made into a <typeparamref name="T"/>; audited (as <see cref="FindAsync"/> is) when the content is read.</summary>
    private async Task<List<T>> FeedAsync<T>(MispScope scope, Func<JsonElement, Tlp, T> make, bool readsContent, CancellationToken ct)
    {
        var max = options.Value.MaxFeedEvents;
        var headers = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long? before = null;
        // Newest first; the same report in two collections is listed once (its newest copy).
        while (headers.Count < max)
        {
            var q = Rows(scope).Where(r => r.Type == "report" || r.Type == "grouping");
            if (before is { } b) q = q.Where(r => r.Sequence < b);
            var page = await q.OrderByDescending(r => r.Sequence).Take(Chunk)
                .Select(r => new Row(r.StixId, r.Json, r.Distribution.Tlp, r.Distribution.OwnerOrganizationId, r.Sequence)).ToListAsync(ct);
            var taken = new List<Row>();
            foreach (var row in page)
            {
                if (headers.Count >= max || !seen.Add(row.StixId)) continue;
                using var doc = JsonDocument.Parse(row.Json);
                headers.Add(make(doc.RootElement, row.Tlp));
                taken.Add(row);
            }
            if (readsContent) await AuditAsync(scope, taken, null, ct);
            if (page.Count < Chunk) break;
            before = page[^1].Sequence;
        }
        return headers;
    }

    /// <summary>
    /// What the event's references become in MISP, in the report's order; references the scope does not see are left out.
    /// A writer that walks the references twice (attributes, then objects) passes <paramref name="audit"/> false on the
    /// second walk: the same content is not read twice in the audit trail.
    /// </summary>
    public async IAsyncEnumerable<MispExportItem> ItemsAsync(MispEventSource source, bool audit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // Ids already written to the audit trail by this walk: an observable shared by several observed-data is one read.
        var audited = audit ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var chunk in source.Refs.Chunk(Chunk))
        {
            var rows = await LatestAsync(source.Scope, chunk, ct);
            if (audited is not null) await AuditAsync(source.Scope, rows.Values, audited, ct);
            var parsed = rows.ToDictionary(x => x.Key, x => (Doc: JsonDocument.Parse(x.Value.Json), x.Value.Tlp));
            try
            {
                var wanted = parsed.Values.SelectMany(p => StixMispMapper.ObservableRefs(p.Doc.RootElement)).Distinct().ToList();
                var observables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var part in wanted.Chunk(Chunk))
                {
                    var read = await LatestAsync(source.Scope, part, ct);
                    if (audited is not null) await AuditAsync(source.Scope, read.Values, audited, ct);
                    foreach (var (id, row) in read)
                        observables[id] = JsonDocument.Parse(row.Json).RootElement.Clone();
                }
                foreach (var id in chunk)
                {
                    if (!parsed.TryGetValue(id, out var p)) continue;
                    var item = StixMispMapper.Map(p.Doc.RootElement, p.Tlp, r => observables.TryGetValue(r, out var e) ? e : null);
                    if (item is not null) yield return item;
                }
            }
            finally
            {
                foreach (var p in parsed.Values) p.Doc.Dispose();
            }
        }
    }

    private IQueryable<StixObjectRecord> Rows(MispScope scope)
    {
        var collectionIds = scope.Collections;
        var levels = scope.Levels;
        return DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), scope.Viewer)
            .Where(r => r.IsLatest && collectionIds.Contains(r.CollectionId) && levels.Contains(r.Distribution.Tlp));
    }

    private async Task<Dictionary<string, Row>> LatestAsync(MispScope scope, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await Rows(scope).Where(r => ids.Contains(r.StixId))
            .Select(r => new Row(r.StixId, r.Json, r.Distribution.Tlp, r.Distribution.OwnerOrganizationId, r.Sequence)).ToListAsync(ct);
        return rows.GroupBy(r => r.StixId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Sequence)!, StringComparer.Ordinal);
    }

    /// <summary>
    /// Content read at AMBER+STRICT or RED, of another organisation, goes to the audit trail (as TAXII reads do),
    /// once per id of <paramref name="once"/> when given.
    /// </summary>
    private async Task AuditAsync(MispScope scope, IEnumerable<Row> rows, HashSet<string>? once, CancellationToken ct)
    {
        if (!scope.AuditReads || scope.Viewer.IsSystem) return;
        var records = rows.Where(r => DisclosurePolicy.ReadIsAudited(r.Tlp) && r.Owner != scope.Viewer.OrganizationId && (once?.Add(r.StixId) ?? true))
            .Select(r => AuditRecord.By(scope.Viewer, "item.read", "stix-object", r.StixId, $"{TlpMarkings.Label(r.Tlp)}, MISP export")).ToList();
        if (records.Count > 0) await audit.AppendManyAsync(db, records, ct);
    }

    /// <summary>A report's <c>object_refs</c>, in order, each once.</summary>
    private static List<string> RefsOf(JsonElement report)
        => report.TryGetProperty("object_refs", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).Distinct(StringComparer.Ordinal).ToList()
            : [];

    private static string Cut(string s) => s.Length > 80 ? s[..80] + "…" : s;

    private sealed record Row(string StixId, string Json, Tlp Tlp, Guid Owner, long Sequence);
}
