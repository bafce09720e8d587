using Kizuna.Core.Data;
using Kizuna.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// Which operators a crisis covers (別紙4-2): operators (kind <c>operator</c>) of one of its sectors,
/// and, when it names regions, registered in one of them (a region is a prefecture code such as
/// <c>JP-13</c> or an area code such as <c>kanto</c>). The one rule both the declaration (who is asked
/// for a status) and the crisis reporting route (whose reports also go to the coordinator) use.
/// </summary>
public static class CrisisScope
{
    /// <summary>The prefecture codes the regions name, and the regions that name none (unknown). No regions: an empty set, the whole country.</summary>
    public static async Task<(HashSet<string> Prefectures, IReadOnlyList<string> Unknown)> ExpandAsync(KizunaDb db, IReadOnlyCollection<string> regions, CancellationToken ct)
    {
        var prefectures = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        if (regions.Count == 0) return (prefectures, unknown);
        var all = await db.Prefectures.AsNoTracking().Select(p => new { p.Code, p.AreaCode }).ToListAsync(ct);
        foreach (var r in regions)
        {
            var matched = all.Where(p => p.Code == r || p.AreaCode == r).Select(p => p.Code).ToList();
            if (matched.Count == 0) unknown.Add(r);
            prefectures.UnionWith(matched);
        }
        return (prefectures, unknown);
    }

    /// <summary>Whether an organisation registered in <paramref name="regionCode"/> lies within the prefectures (an empty set: the whole country).</summary>
    public static bool Covers(IReadOnlySet<string> prefectures, string? regionCode)
        => prefectures.Count == 0 || (regionCode is not null && prefectures.Contains(regionCode));

    /// <summary>
    /// The active crisis covering this organisation for this sector (the latest declared, when crises
    /// overlap), or null: in normal times, for a sector or region outside every active crisis, and
    /// for organisations that are not operators. A real report is routed only by a real crisis and an
    /// exercise report only by a crisis of its own exercise (<paramref name="exerciseId"/>).
    /// </summary>
    public static async Task<CrisisDeclaration?> ActiveForAsync(KizunaDb db, Guid organizationId, string sectorCode, CancellationToken ct, Guid? exerciseId = null)
    {
        var active = await db.CrisisDeclarations.AsNoTracking().Where(c => c.Status == CrisisStates.Active && c.ExerciseId == exerciseId).ToListAsync(ct);
        var candidates = active.Where(c => c.Sectors.Contains(sectorCode)).OrderByDescending(c => c.DeclaredAt).ToList();
        if (candidates.Count == 0) return null;
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => new { o.Kind, o.RegionCode }).FirstOrDefaultAsync(ct);
        if (org is null || org.Kind != OrganizationKinds.Operator) return null;
        foreach (var c in candidates)
        {
            var (prefectures, _) = await ExpandAsync(db, c.Regions, ct);
            if (Covers(prefectures, org.RegionCode)) return c;
        }
        return null;
    }
}
