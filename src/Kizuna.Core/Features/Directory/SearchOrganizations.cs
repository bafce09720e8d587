using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Kizuna.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

/// <summary>
/// Searches the directory (組織名簿) by text, sector, kind, CEPTOAR and region (a prefecture code
/// such as <c>JP-13</c> or an area code such as <c>kanto</c>). The directory is visible to every
/// member; contacts and network details are not part of a summary.
/// </summary>
public sealed record SearchOrganizations(string? Query, string? Sector, string? Kind, string? Ceptoar, string? Region, PageRequest Paging);

public sealed record OrganizationSummary(
    Guid Id, string Code, string NameJa, string NameEn, string Kind, string? RegionCode, string? RegionNameJa, string? RegionNameEn,
    string? SizeClass, string? TrustTier, IReadOnlyList<string> Sectors, IReadOnlyList<string> Ceptoars);

public sealed class SearchOrganizationsHandler(KizunaDb db)
{
    public const int MaxQueryLength = 100;

    public async Task<Paged<OrganizationSummary>> HandleAsync(SearchOrganizations s, CancellationToken ct = default)
    {
        new InputCheck()
            .MaxLength("q", s.Query, MaxQueryLength)
            .That(s.Kind is null or "" || OrganizationKinds.IsKnown(s.Kind), "kind", $"Unknown kind '{s.Kind}'. Known kinds: {string.Join(", ", OrganizationKinds.All)}.")
            .ThrowIfInvalid("The search filters are invalid.");

        var q = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(s.Query))
        {
            var text = s.Query.Trim().ToLower();
            q = q.Where(o => o.Code.ToLower().Contains(text) || o.NameJa.ToLower().Contains(text) || o.NameEn.ToLower().Contains(text));
        }
        if (!string.IsNullOrWhiteSpace(s.Sector))
        {
            if (!await db.Sectors.AnyAsync(x => x.Code == s.Sector, ct)) throw new InputException("sector", $"Unknown sector '{s.Sector}'.");
            q = q.Where(o => o.Sectors.Any(x => x.Code == s.Sector));
        }
        if (!string.IsNullOrWhiteSpace(s.Kind)) q = q.Where(o => o.Kind == s.Kind);
        if (!string.IsNullOrWhiteSpace(s.Ceptoar))
        {
            if (!await db.Ceptoars.AnyAsync(x => x.Code == s.Ceptoar, ct)) throw new InputException("ceptoar", $"Unknown CEPTOAR '{s.Ceptoar}'.");
            q = q.Where(o => o.Ceptoars.Any(x => x.Code == s.Ceptoar));
        }
        if (!string.IsNullOrWhiteSpace(s.Region))
        {
            var prefectures = await db.Prefectures.Where(p => p.Code == s.Region || p.AreaCode == s.Region).Select(p => p.Code).ToListAsync(ct);
            if (prefectures.Count == 0) throw new InputException("region", $"Unknown region '{s.Region}'; use a prefecture code (JP-13) or an area (kanto).");
            q = q.Where(o => o.RegionCode != null && prefectures.Contains(o.RegionCode));
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(o => o.Kind == OrganizationKinds.Operator).ThenBy(o => o.Code)
            .Skip(s.Paging.Skip).Take(s.Paging.PageSize)
            .Select(o => new
            {
                o.Id, o.Code, o.NameJa, o.NameEn, o.Kind, o.RegionCode, o.SizeClass, o.TrustTier,
                Sectors = o.Sectors.OrderBy(x => x.SortOrder).Select(x => x.Code).ToList(),
                Ceptoars = o.Ceptoars.Select(x => x.Code).ToList(),
            })
            .ToListAsync(ct);
        var regions = await db.Prefectures.AsNoTracking().ToDictionaryAsync(p => p.Code, ct);
        var items = rows.Select(o => new OrganizationSummary(o.Id, o.Code, o.NameJa, o.NameEn, o.Kind, o.RegionCode,
            o.RegionCode is not null && regions.TryGetValue(o.RegionCode, out var r1) ? r1.NameJa : null,
            o.RegionCode is not null && regions.TryGetValue(o.RegionCode, out var r2) ? r2.NameEn : null,
            o.SizeClass, o.TrustTier, o.Sectors, o.Ceptoars)).ToList();
        return new Paged<OrganizationSummary>(items, s.Paging.Page, s.Paging.PageSize, total);
    }
}
