using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Interop;

/// <summary>One STIX object in the intelligence list (latest version).</summary>
public sealed record IntelRow(long Sequence, string StixId, string Type, string? Label, string Tlp, string CollectionAlias, DateTimeOffset DateAdded);

/// <summary>A page of the intelligence list, newest first; <see cref="Before"/> continues it.</summary>
public sealed record IntelList(IReadOnlyList<IntelRow> Rows, long? Before);

/// <summary>
/// The intelligence list (脅威情報, the <c>/intel</c> page): the latest version of every STIX object
/// the viewer may see in the collections it may read, newest first, filtered by type, collection
/// and TLP, paged by a cursor. Every row passes <see cref="DisclosurePolicy.Visible{T}"/>.
/// </summary>
public sealed class IntelQueries(KizunaDb db, TaxiiCollections collections)
{
    public const int PageSize = 100;

    public async Task<IntelList> ListAsync(Viewer viewer, string? type, string? collection, string? tlp, long? before, CancellationToken ct = default)
    {
        var readable = (await collections.ListAsync(viewer, ct)).Where(a => a.CanRead).Select(a => a.Collection).ToList();
        var check = new InputCheck();
        Tlp? level = null;
        if (!string.IsNullOrWhiteSpace(tlp))
        {
            if (TlpMarkings.TryParse(tlp, out var l)) level = l;
            else check.Add("tlp", $"Unknown TLP '{tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        }
        if (!string.IsNullOrWhiteSpace(collection))
        {
            readable = readable.Where(c => c.Alias == collection.Trim()).ToList();
            check.That(readable.Count == 1, "collection", $"There is no collection '{collection}' you may read.");
        }
        check.That(type is null || type.Length <= StixObjectRecord.MaxTypeLength, "type", "The type is too long.");
        check.That(before is null or > 0, "before", "'before' must be a position this list gave.");
        check.ThrowIfInvalid("The filter is invalid.");

        var ids = readable.Select(c => c.Id).ToList();
        var q = DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer).Where(r => r.IsLatest && ids.Contains(r.CollectionId));
        if (!string.IsNullOrWhiteSpace(type)) q = q.Where(r => r.Type == type.Trim());
        if (level is { } t) q = q.Where(r => r.Distribution.Tlp == t);
        if (before is { } b) q = q.Where(r => r.Sequence < b);
        var rows = await q.OrderByDescending(r => r.Sequence).Take(PageSize + 1)
            .Select(r => new { r.Sequence, r.StixId, r.Type, r.Label, r.Distribution.Tlp, r.CollectionId, r.DateAdded }).ToListAsync(ct);
        var alias = readable.ToDictionary(c => c.Id, c => c.Alias);
        var more = rows.Count > PageSize;
        var page = rows.Take(PageSize)
            .Select(r => new IntelRow(r.Sequence, r.StixId, r.Type, r.Label, TlpMarkings.Label(r.Tlp), alias[r.CollectionId], r.DateAdded)).ToList();
        return new IntelList(page, more ? page[^1].Sequence : null);
    }
}
