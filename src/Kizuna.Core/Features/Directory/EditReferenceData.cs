using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

public sealed record EditSector(string NameJa, string NameEn, int SortOrder, IReadOnlyList<string> Plans);

public sealed record EditTerm(string NameJa, string NameEn, int SortOrder);

public sealed record EditCriticalService(string NameJa, string NameEn, string MaintenanceLevelJa, string MaintenanceLevelEn, string? LegalBasisJa, string? LegalBasisEn);

public sealed record AddTerm(string Scheme, string Code, string? ParentCode, string NameJa, string NameEn, bool IsCategory, int SortOrder, string Plan);

/// <summary>Platform admins edit reference data; every edit is audited with the values before and after.</summary>
public sealed class EditReferenceDataHandler(KizunaDb db, AuditTrail audit)
{
    public async Task EditSectorAsync(string code, EditSector e, Viewer viewer, CancellationToken ct = default)
    {
        RequireAdmin(viewer);
        var s = await db.Sectors.FirstOrDefaultAsync(x => x.Code == code, ct) ?? throw new NotFoundException($"No sector has the code '{code}'.");
        var plans = await db.PlanVersions.Select(p => p.Code).ToListAsync(ct);
        var check = Names(e.NameJa, e.NameEn).That(e.Plans.Count > 0, "plans", "A sector belongs to at least one plan version.");
        foreach (var p in e.Plans) check.That(plans.Contains(p), "plans", $"Unknown plan version '{p}'.");
        check.ThrowIfInvalid();
        var before = $"{s.NameJa}/{s.NameEn}/{s.SortOrder}/{string.Join(",", s.Plans)}";
        s.Edit(e.NameJa, e.NameEn, e.SortOrder, e.Plans);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "reference.sector.updated", "sector", code, $"{before} -> {s.NameJa}/{s.NameEn}/{s.SortOrder}/{string.Join(",", s.Plans)}"), ct);
    }

    public async Task EditTermAsync(string scheme, string code, EditTerm e, Viewer viewer, CancellationToken ct = default)
    {
        RequireAdmin(viewer);
        var t = await db.TaxonomyTerms.FirstOrDefaultAsync(x => x.Scheme == scheme && x.Code == code, ct) ?? throw new NotFoundException($"No term '{code}' in '{scheme}'.");
        Names(e.NameJa, e.NameEn).ThrowIfInvalid();
        var before = $"{t.NameJa}/{t.NameEn}/{t.SortOrder}";
        t.Edit(e.NameJa, e.NameEn, e.SortOrder);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "reference.term.updated", scheme, code, $"{before} -> {t.NameJa}/{t.NameEn}/{t.SortOrder}"), ct);
    }

    public async Task AddTermAsync(AddTerm a, Viewer viewer, CancellationToken ct = default)
    {
        RequireAdmin(viewer);
        var check = Names(a.NameJa, a.NameEn)
            .That(TaxonomyTerm.Schemes.Contains(a.Scheme), "scheme", $"Unknown scheme '{a.Scheme}'.")
            .Required("code", a.Code, 64)
            .That(a.Code is null || System.Text.RegularExpressions.Regex.IsMatch(a.Code, "^[a-z0-9][a-z0-9-]*$"), "code", "A term code is lowercase letters, digits and '-'.");
        if (!await db.PlanVersions.AnyAsync(p => p.Code == a.Plan, ct)) check.Add("plan", $"Unknown plan version '{a.Plan}'.");
        if (a.ParentCode is not null && !await db.TaxonomyTerms.AnyAsync(t => t.Scheme == a.Scheme && t.Code == a.ParentCode && t.IsCategory, ct))
            check.Add("parentCode", $"No category '{a.ParentCode}' in '{a.Scheme}'.");
        check.ThrowIfInvalid();
        if (await db.TaxonomyTerms.AnyAsync(t => t.Scheme == a.Scheme && t.Code == a.Code, ct)) throw new ConflictException($"The term '{a.Code}' already exists in '{a.Scheme}'.");
        var term = new TaxonomyTerm(a.Scheme, a.Code!, a.ParentCode, a.IsCategory, a.Plan);
        term.Edit(a.NameJa, a.NameEn, a.SortOrder);
        db.TaxonomyTerms.Add(term);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "reference.term.added", a.Scheme, a.Code, $"{a.NameJa}/{a.NameEn} under {a.ParentCode ?? "-"}"), ct);
    }

    public async Task EditCriticalServiceAsync(string code, EditCriticalService e, Viewer viewer, CancellationToken ct = default)
    {
        RequireAdmin(viewer);
        var c = await db.CriticalServices.FirstOrDefaultAsync(x => x.Code == code, ct) ?? throw new NotFoundException($"No critical service has the code '{code}'.");
        Names(e.NameJa, e.NameEn)
            .Required("maintenanceLevelJa", e.MaintenanceLevelJa, 4000)
            .Required("maintenanceLevelEn", e.MaintenanceLevelEn, 4000)
            .MaxLength("legalBasisJa", e.LegalBasisJa, 400)
            .MaxLength("legalBasisEn", e.LegalBasisEn, 400)
            .ThrowIfInvalid();
        var before = $"{c.NameJa}/{c.NameEn}; level: {c.MaintenanceLevelJa}";
        c.Edit(e.NameJa, e.NameEn, e.MaintenanceLevelJa, e.MaintenanceLevelEn, e.LegalBasisJa, e.LegalBasisEn);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "reference.critical-service.updated", "critical-service", code, $"{before} -> {c.NameJa}/{c.NameEn}; level: {c.MaintenanceLevelJa}"), ct);
    }

    private static InputCheck Names(string nameJa, string nameEn) => new InputCheck().Required("nameJa", nameJa, 200).Required("nameEn", nameEn, 200);

    private static void RequireAdmin(Viewer viewer)
    {
        if (!viewer.IsPlatformAdmin) throw new ForbiddenException("Only platform admins edit reference data.");
    }
}
