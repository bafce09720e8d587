using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Stix;
using Kizuna.Stix.Extraction;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Interop;

/// <summary>One STIX object in the intelligence list (latest version in one collection).</summary>
public sealed record IntelRow(long Sequence, string StixId, string Type, string? Label, string Tlp, string CollectionAlias, DateTimeOffset DateAdded,
    IReadOnlyList<string> Sectors);

/// <summary>A page of the intelligence list, newest first; <see cref="Before"/> continues it.</summary>
public sealed record IntelList(IReadOnlyList<IntelRow> Rows, long? Before);

/// <summary>
/// What to search for. <see cref="Query"/> is free text matched case-insensitively inside the
/// object's name or pattern (<see cref="StixObjectRecord.Label"/>) or anywhere in its JSON (names,
/// descriptions, ids, observable values); defanged text
/// (<c>evil[.]example</c>, <c>hxxp</c>) is refanged first. <see cref="From"/> and <see cref="To"/>
/// bound the date it was added (inclusive). <see cref="Before"/> is the cursor a page gave.
/// </summary>
public sealed record IntelSearch(
    string? Query = null, string? Type = null, string? Sector = null, string? Collection = null, string? Tlp = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, long? Before = null, int? Limit = null);

/// <summary>One object as its detail shows it: where it is, how it is marked, what it refers to and what refers to it.</summary>
/// <param name="Json">The object's JSON, indented, with indicator values defanged (<see cref="IndicatorExtractor.DefangText"/>).</param>
/// <param name="Collections">The readable collections holding a version the viewer may see.</param>
/// <param name="References">Visible objects this one refers to (<c>*_ref</c>, <c>*_refs</c>).</param>
/// <param name="ReferencedBy">Visible objects referring to this one (reports, relationships, sightings, observed data…).</param>
public sealed record IntelDetail(IntelRow Row, string Json, IReadOnlyList<string> Collections, IReadOnlyList<IntelRow> References, IReadOnlyList<IntelRow> ReferencedBy);

/// <summary>
/// Searchable intelligence (脅威情報, the <c>/intel</c> pages and <c>GET /api/v1/intel</c>): the
/// latest version of every STIX object the viewer may see in the collections it may read — ingested
/// from members and peers over TAXII, and the projections of advisories and shared sanitized reports —
/// newest first, searched by text and filtered by type, sector (<see cref="StixObjectRecord.Sectors"/>),
/// collection, TLP and date added, paged by a cursor. Every row, every detail and every reference
/// passes <see cref="DisclosurePolicy.Visible{T}"/>; what the viewer may not see answers as if it did
/// not exist (404, no row).
/// </summary>
public sealed class IntelQueries(KizunaDb db, TaxiiCollections collections, IOptions<IntelOptions> options)
{
    /// <summary>The largest page (kept for callers of <see cref="ListAsync"/>); see <see cref="IntelOptions"/>.</summary>
    public const int PageSize = 100;

    /// <summary>The list as the first <c>/intel</c> page had it: type, collection and TLP filters.</summary>
    public Task<IntelList> ListAsync(Viewer viewer, string? type, string? collection, string? tlp, long? before, CancellationToken ct = default)
        => SearchAsync(viewer, new IntelSearch(Type: type, Collection: collection, Tlp: tlp, Before: before), ct);

    public async Task<IntelList> SearchAsync(Viewer viewer, IntelSearch s, CancellationToken ct = default)
    {
        var o = options.Value;
        var readable = (await collections.ListAsync(viewer, ct)).Where(a => a.CanRead).Select(a => a.Collection).ToList();
        var check = new InputCheck();
        Tlp? level = null;
        if (!string.IsNullOrWhiteSpace(s.Tlp))
        {
            if (TlpMarkings.TryParse(s.Tlp, out var l)) level = l;
            else check.Add("tlp", $"Unknown TLP '{s.Tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        }
        if (!string.IsNullOrWhiteSpace(s.Collection))
        {
            readable = readable.Where(c => c.Alias == s.Collection.Trim()).ToList();
            check.That(readable.Count == 1, "collection", $"There is no collection '{s.Collection}' you may read.");
        }
        var sector = string.IsNullOrWhiteSpace(s.Sector) ? null : s.Sector.Trim();
        if (sector is not null)
            check.That(sector.Length <= 32 && await db.Sectors.AsNoTracking().AnyAsync(x => x.Code == sector, ct), "sector", $"There is no sector '{s.Sector}'.");
        var text = string.IsNullOrWhiteSpace(s.Query) ? null : s.Query.Trim();
        check.That(text is null || text.Length <= o.MaxQueryLength, "q", $"The search text is longer than {o.MaxQueryLength} characters.");
        check.That(s.Type is null || s.Type.Length <= StixObjectRecord.MaxTypeLength, "type", "The type is too long.");
        check.That(s.Before is null or > 0, "before", "'before' must be a position this list gave.");
        check.That(s.From is null || s.To is null || s.From <= s.To, "from", "'from' is after 'to'.");
        check.That(s.Limit is null || (s.Limit >= 1 && s.Limit <= o.MaxPageSize), "limit", $"'limit' must be between 1 and {o.MaxPageSize}.");
        check.ThrowIfInvalid("The search is invalid.");

        var limit = s.Limit ?? o.DefaultPageSize;
        var ids = readable.Select(c => c.Id).ToList();
        var q = DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer).Where(r => r.IsLatest && ids.Contains(r.CollectionId));
        if (!string.IsNullOrWhiteSpace(s.Type)) q = q.Where(r => r.Type == s.Type.Trim());
        if (level is { } t) q = q.Where(r => r.Distribution.Tlp == t);
        if (sector is not null) q = q.Where(r => r.Sectors.Contains(sector));
        if (text is not null)
        {
            var needle = IndicatorExtractor.Refang(text).ToLowerInvariant();
            // The label (an indicator's pattern, else the name) and the object's JSON as sent: names, descriptions, ids, values.
            q = q.Where(r => (r.Label != null && r.Label.ToLower().Contains(needle)) || r.Json.ToLower().Contains(needle));
        }
        if (s.From is { } from) q = q.Where(r => r.DateAdded >= from);
        if (s.To is { } to) q = q.Where(r => r.DateAdded <= to);
        if (s.Before is { } b) q = q.Where(r => r.Sequence < b);
        var rows = await q.OrderByDescending(r => r.Sequence).Take(limit + 1)
            .Select(r => new { r.Sequence, r.StixId, r.Type, r.Label, r.Distribution.Tlp, r.CollectionId, r.DateAdded, r.Sectors }).ToListAsync(ct);
        var alias = readable.ToDictionary(c => c.Id, c => c.Alias);
        var more = rows.Count > limit;
        var page = rows.Take(limit)
            .Select(r => new IntelRow(r.Sequence, r.StixId, r.Type, r.Label, TlpMarkings.Label(r.Tlp), alias[r.CollectionId], r.DateAdded, r.Sectors)).ToList();
        return new IntelList(page, more ? page[^1].Sequence : null);
    }

    /// <summary>One object the viewer may see (its newest visible version in a readable collection), or 404.</summary>
    public async Task<IntelDetail> DetailAsync(Viewer viewer, string stixId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(stixId) || stixId.Length > StixObjectRecord.MaxStixIdLength) throw new NotFoundException("No such object.");
        var readable = (await collections.ListAsync(viewer, ct)).Where(a => a.CanRead).Select(a => a.Collection).ToList();
        var ids = readable.Select(c => c.Id).ToList();
        var alias = readable.ToDictionary(c => c.Id, c => c.Alias);
        var visible = DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer).Where(r => r.IsLatest && ids.Contains(r.CollectionId));
        var versions = await visible.Where(r => r.StixId == stixId).OrderByDescending(r => r.Version).ThenByDescending(r => r.Sequence).ToListAsync(ct);
        if (versions.Count == 0) throw new NotFoundException("No such object.");
        var top = versions[0];
        var max = options.Value.MaxRelated;

        using var doc = JsonDocument.Parse(top.Json);
        var refs = RefsOf(doc.RootElement).Where(r => r != stixId).Distinct().Take(1_000).ToList();
        var references = await RowsAsync(visible.Where(r => refs.Contains(r.StixId)), alias, max, ct);
        // Objects whose JSON names this id: a scan of the visible latest versions, capped.
        var referencedBy = await RowsAsync(visible.Where(r => r.StixId != stixId && r.Json.Contains(stixId)), alias, max, ct);

        var pretty = JsonSerializer.Serialize(doc.RootElement, DisplayJson);
        return new IntelDetail(Row(top, alias), IndicatorExtractor.DefangText(pretty),
            versions.Select(v => alias[v.CollectionId]).Distinct().ToList(), references, referencedBy);
    }

    /// <summary>Indented, without escaping quotes or non-ASCII text (the answer is encoded again for HTML or JSON), so indicators stay findable for defanging.</summary>
    private static readonly JsonSerializerOptions DisplayJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<IReadOnlyList<IntelRow>> RowsAsync(IQueryable<StixObjectRecord> q, Dictionary<Guid, string> alias, int max, CancellationToken ct)
    {
        var rows = await q.OrderByDescending(r => r.Sequence).Take(max)
            .Select(r => new { r.Sequence, r.StixId, r.Type, r.Label, r.Distribution.Tlp, r.CollectionId, r.DateAdded, r.Sectors }).ToListAsync(ct);
        return rows.DistinctBy(r => r.StixId)
            .Select(r => new IntelRow(r.Sequence, r.StixId, r.Type, r.Label, TlpMarkings.Label(r.Tlp), alias[r.CollectionId], r.DateAdded, r.Sectors)).ToList();
    }

    private static IntelRow Row(StixObjectRecord r, Dictionary<Guid, string> alias)
        => new(r.Sequence, r.StixId, r.Type, r.Label, TlpMarkings.Label(r.Distribution.Tlp), alias[r.CollectionId], r.DateAdded, r.Sectors);

    /// <summary>The ids in the object's <c>*_ref</c> and <c>*_refs</c> properties, at any depth.</summary>
    private static IEnumerable<string> RefsOf(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name.EndsWith("_ref", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String) yield return p.Value.GetString()!;
                else if (p.Name.EndsWith("_refs", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var v in p.Value.EnumerateArray())
                        if (v.ValueKind == JsonValueKind.String) yield return v.GetString()!;
                }
                else foreach (var inner in RefsOf(p.Value)) yield return inner;
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var v in e.EnumerateArray())
                foreach (var inner in RefsOf(v)) yield return inner;
    }
}
