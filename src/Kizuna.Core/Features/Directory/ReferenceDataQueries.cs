using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

public sealed record SectorSummary(string Code, string NameJa, string NameEn, int SortOrder, IReadOnlyList<string> Plans);

public sealed record CeptoarView(string Code, string NameJa, string NameEn, string SectorCode, string? SecretariatNameJa, string? SecretariatCode, IReadOnlyList<string> Plans, int MemberCount);

public sealed record CriticalServiceView(string Code, string SectorCode, string NameJa, string NameEn, string MaintenanceLevelJa, string MaintenanceLevelEn, string? LegalBasisJa, string? LegalBasisEn, string Plan);

public sealed record SectorDetail(SectorSummary Sector, IReadOnlyList<MinistryRef> Ministries, IReadOnlyList<CeptoarView> Ceptoars, IReadOnlyList<CriticalServiceView> CriticalServices, int OrganizationCount);

public sealed record TermView(string Scheme, string Code, string? ParentCode, string NameJa, string NameEn, bool IsCategory, int SortOrder, string Plan);

public sealed record PrefectureView(string Code, string NameJa, string NameEn, string AreaCode, string AreaNameJa, string AreaNameEn);

public sealed record PlanView(string Code, string NameJa, string NameEn, int Year);

/// <summary>Reads reference data (分野, 所管省庁, セプター, 重要インフラサービス, 事象・原因, 深刻度). Reference data is visible to every member.</summary>
public sealed class ReferenceDataQueries(KizunaDb db)
{
    public async Task<IReadOnlyList<SectorSummary>> SectorsAsync(string? plan, CancellationToken ct = default)
    {
        if (plan is not null && !await db.PlanVersions.AnyAsync(p => p.Code == plan, ct))
            throw new InputException("plan", $"Unknown plan version '{plan}'; use one of: {string.Join(", ", await db.PlanVersions.Select(p => p.Code).ToListAsync(ct))}.");
        var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);
        return sectors.Where(s => plan is null || s.Plans.Contains(plan))
            .Select(s => new SectorSummary(s.Code, s.NameJa, s.NameEn, s.SortOrder, s.Plans)).ToList();
    }

    public async Task<SectorDetail> SectorAsync(string code, CancellationToken ct = default)
    {
        var s = await db.Sectors.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct)
            ?? throw new NotFoundException($"No sector has the code '{code}'.");
        var ministries = await db.SectorMinistryLinks.AsNoTracking().Where(l => l.SectorId == s.Id)
            .OrderBy(l => l.ValidFrom)
            .Select(l => new MinistryRef(l.Ministry!.Code, l.Ministry.NameJa, l.Ministry.NameEn, s.Code, l.ValidFrom, l.ValidTo))
            .ToListAsync(ct);
        var ceptoars = (await CeptoarsAsync(ct)).Where(c => c.SectorCode == s.Code).ToList();
        var services = await db.CriticalServices.AsNoTracking().Where(c => c.SectorId == s.Id).OrderBy(c => c.Code)
            .Select(c => new CriticalServiceView(c.Code, s.Code, c.NameJa, c.NameEn, c.MaintenanceLevelJa, c.MaintenanceLevelEn, c.LegalBasisJa, c.LegalBasisEn, c.Plan))
            .ToListAsync(ct);
        var orgs = await db.Organizations.CountAsync(o => o.Sectors.Any(x => x.Id == s.Id), ct);
        return new SectorDetail(new SectorSummary(s.Code, s.NameJa, s.NameEn, s.SortOrder, s.Plans), ministries, ceptoars, services, orgs);
    }

    public async Task<IReadOnlyList<CeptoarView>> CeptoarsAsync(CancellationToken ct = default)
    {
        var rows = await db.Ceptoars.AsNoTracking()
            .Select(c => new
            {
                c.Code, c.NameJa, c.NameEn, SectorCode = c.Sector!.Code, SectorOrder = c.Sector.SortOrder, c.SecretariatNameJa, c.Plans,
                SecretariatCode = db.Organizations.Where(o => o.Id == c.SecretariatOrganizationId).Select(o => o.Code).FirstOrDefault(),
                Members = db.Organizations.Count(o => o.Ceptoars.Any(m => m.Id == c.Id)),
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.SectorOrder).ThenBy(r => r.Code)
            .Select(r => new CeptoarView(r.Code, r.NameJa, r.NameEn, r.SectorCode, r.SecretariatNameJa, r.SecretariatCode, r.Plans, r.Members)).ToList();
    }

    public async Task<IReadOnlyList<CriticalServiceView>> CriticalServicesAsync(CancellationToken ct = default)
        => await db.CriticalServices.AsNoTracking().OrderBy(c => c.Sector!.SortOrder).ThenBy(c => c.Code)
            .Select(c => new CriticalServiceView(c.Code, c.Sector!.Code, c.NameJa, c.NameEn, c.MaintenanceLevelJa, c.MaintenanceLevelEn, c.LegalBasisJa, c.LegalBasisEn, c.Plan))
            .ToListAsync(ct);

    public async Task<IReadOnlyList<TermView>> TermsAsync(string scheme, CancellationToken ct = default)
    {
        if (!TaxonomyTerm.Schemes.Contains(scheme)) throw new NotFoundException($"No taxonomy is called '{scheme}'.");
        return await db.TaxonomyTerms.AsNoTracking().Where(t => t.Scheme == scheme).OrderBy(t => t.SortOrder).ThenBy(t => t.Code)
            .Select(t => new TermView(t.Scheme, t.Code, t.ParentCode, t.NameJa, t.NameEn, t.IsCategory, t.SortOrder, t.Plan))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<PrefectureView>> PrefecturesAsync(CancellationToken ct = default)
        => await db.Prefectures.AsNoTracking().OrderBy(p => p.Code)
            .Select(p => new PrefectureView(p.Code, p.NameJa, p.NameEn, p.AreaCode, p.AreaNameJa, p.AreaNameEn)).ToListAsync(ct);

    public async Task<IReadOnlyList<PlanView>> PlansAsync(CancellationToken ct = default)
        => await db.PlanVersions.AsNoTracking().OrderBy(p => p.Year).Select(p => new PlanView(p.Code, p.NameJa, p.NameEn, p.Year)).ToListAsync(ct);
}
