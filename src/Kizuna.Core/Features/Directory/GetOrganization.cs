using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

public sealed record NamedRef(string Code, string NameJa, string NameEn);

public sealed record MinistryRef(string Code, string NameJa, string NameEn, string SectorCode, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>
/// An organisation as a viewer may see it. <see cref="Contacts"/>, <see cref="Domains"/> and
/// <see cref="IpRanges"/> are null unless <see cref="DisclosurePolicy.CanSeeContacts"/> allows.
/// </summary>
public sealed record OrganizationDetail(
    Guid Id, string Code, string NameJa, string NameEn, string Kind, string? RegionCode, string? RegionNameJa, string? RegionNameEn,
    string? SizeClass, string? TrustTier, IReadOnlyList<NamedRef> Sectors, IReadOnlyList<NamedRef> Ceptoars,
    IReadOnlyList<MinistryRef> Ministries, IReadOnlyList<NamedRef> SecretariatOf,
    IReadOnlyList<Contact>? Contacts, IReadOnlyList<string>? Domains, IReadOnlyList<string>? IpRanges,
    bool ViewerMayEdit, DateTimeOffset UpdatedAt);

public sealed class GetOrganizationHandler(KizunaDb db, TimeProvider clock)
{
    public async Task<OrganizationDetail> HandleAsync(string code, Viewer viewer, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking()
            .Include(o => o.Sectors).Include(o => o.Ceptoars)
            .FirstOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new NotFoundException($"No organisation has the code '{code}'.");

        var sectorIds = org.Sectors.Select(s => s.Id).ToList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var links = await db.SectorMinistryLinks.AsNoTracking()
            .Where(l => sectorIds.Contains(l.SectorId))
            .Select(l => new { l.MinistryOrganizationId, l.ValidFrom, l.ValidTo, SectorCode = l.Sector!.Code, l.Ministry!.Code, l.Ministry.NameJa, l.Ministry.NameEn })
            .ToListAsync(ct);
        var current = links.Where(l => SectorMinistryLink.Covers(l.ValidFrom, l.ValidTo, today)).ToList();

        var ceptoarIds = org.Ceptoars.Select(c => c.Id).ToList();
        var secretariats = await db.Ceptoars.AsNoTracking()
            .Where(c => ceptoarIds.Contains(c.Id) && c.SecretariatOrganizationId != null)
            .Select(c => c.SecretariatOrganizationId!.Value).ToListAsync(ct);
        var secretariatOf = await db.Ceptoars.AsNoTracking().Where(c => c.SecretariatOrganizationId == org.Id)
            .Select(c => new NamedRef(c.Code, c.NameJa, c.NameEn)).ToListAsync(ct);
        var region = org.RegionCode is null ? null : await db.Prefectures.AsNoTracking().FirstOrDefaultAsync(p => p.Code == org.RegionCode, ct);

        var mayContacts = DisclosurePolicy.CanSeeContacts(viewer, org, current.Select(l => l.MinistryOrganizationId).ToList(), secretariats);
        return new OrganizationDetail(org.Id, org.Code, org.NameJa, org.NameEn, org.Kind, org.RegionCode, region?.NameJa, region?.NameEn,
            org.SizeClass, org.TrustTier,
            org.Sectors.OrderBy(s => s.SortOrder).Select(s => new NamedRef(s.Code, s.NameJa, s.NameEn)).ToList(),
            org.Ceptoars.OrderBy(c => c.Code).Select(c => new NamedRef(c.Code, c.NameJa, c.NameEn)).ToList(),
            current.Select(l => new MinistryRef(l.Code, l.NameJa, l.NameEn, l.SectorCode, l.ValidFrom, l.ValidTo)).Distinct().ToList(),
            secretariatOf,
            mayContacts ? org.Contacts : null, mayContacts ? org.Domains : null, mayContacts ? org.IpRanges : null,
            UpdateOrganizationHandler.MayEdit(viewer, org.Id), org.UpdatedAt);
    }
}
