using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Core.Features.Directory.ReferenceDataFiles;

namespace Kizuna.Core.Features.Directory;

/// <summary>
/// Loads the shipped reference data into an empty database (first start). After that the
/// database is the source of truth: platform admins edit it and every edit is audited.
/// </summary>
public sealed class ReferenceDataLoader(KizunaDb db, TimeProvider clock)
{
    /// <summary>Loads everything when no plan version is stored yet; returns whether it loaded.</summary>
    public async Task<bool> LoadIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.PlanVersions.AnyAsync(ct))
        {
            // Reference sets added after a database was first loaded arrive on the next start.
            if (await db.LegalBases.AnyAsync(ct)) return false;
            AddLegalBases();
            await db.SaveChangesAsync(ct);
            return true;
        }
        var now = clock.GetUtcNow();

        db.PlanVersions.AddRange(Read<PlanRow>("plans.json").Select(p => new PlanVersion(p.Code, p.NameJa, p.NameEn, p.Year)));
        db.Prefectures.AddRange(Read<PrefectureRow>("prefectures.json")
            .Select(p => new Prefecture(p.Code, p.NameJa, p.NameEn, p.AreaCode, p.AreaNameJa, p.AreaNameEn)));

        var sectors = Read<SectorRow>("sectors.json")
            .Select(s => new Sector(s.Code, s.NameJa, s.NameEn, s.SortOrder, s.Plans))
            .ToDictionary(s => s.Code);
        db.Sectors.AddRange(sectors.Values);

        var ceptoars = Read<CeptoarRow>("ceptoars.json")
            .Select(c => new Ceptoar(c.Code, c.NameJa, c.NameEn, Lookup(sectors, c.Sector, "ceptoars.json").Id, c.SecretariatNameJa, c.Plans))
            .ToDictionary(c => c.Code);
        db.Ceptoars.AddRange(ceptoars.Values);

        var organizations = AddOrganizations(Read<OrganizationRow>("organizations.json"), sectors, ceptoars, now, demo: false);

        foreach (var link in Read<MinistryLinkRow>("ministry-links.json"))
            db.SectorMinistryLinks.Add(new SectorMinistryLink(
                Lookup(sectors, link.Sector, "ministry-links.json").Id,
                Lookup(organizations, link.Ministry, "ministry-links.json").Id,
                link.ValidFrom, link.ValidTo));

        foreach (var row in Read<CriticalServiceRow>("critical-services.json"))
        {
            var service = new CriticalService(row.Code, Lookup(sectors, row.Sector, "critical-services.json").Id, row.Plan);
            service.Edit(row.NameJa, row.NameEn, row.MaintenanceLevelJa, row.MaintenanceLevelEn, row.LegalBasisJa, row.LegalBasisEn);
            db.CriticalServices.Add(service);
        }

        foreach (var row in Read<TermRow>("taxonomy.json"))
        {
            var term = new TaxonomyTerm(row.Scheme, row.Code, row.ParentCode, row.IsCategory, row.Plan);
            term.Edit(row.NameJa, row.NameEn, row.SortOrder);
            db.TaxonomyTerms.Add(term);
        }

        AddLegalBases();

        await db.SaveChangesAsync(ct);
        return true;
    }

    private void AddLegalBases() => db.LegalBases.AddRange(Read<LegalBasisRow>("legal-bases.json")
        .Select(l => new Liaison.LegalBasis(l.Code, l.NameJa, l.NameEn, l.SectorCode, l.FirstReportDueHours, l.FinalReportDueDays, l.Plan)));

    /// <summary>Adds organisations from rows, joining sectors and CEPTOARs by code; a CEPTOAR-kind organisation becomes its CEPTOARs' secretariat.</summary>
    internal Dictionary<string, Organization> AddOrganizations(
        IEnumerable<OrganizationRow> rows, IReadOnlyDictionary<string, Sector> sectors, IReadOnlyDictionary<string, Ceptoar> ceptoars,
        DateTimeOffset now, bool demo)
    {
        var added = new Dictionary<string, Organization>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var org = new Organization(row.Code, row.NameJa, row.NameEn, row.Kind, now);
            org.Describe(row.RegionCode, row.SizeClass, row.TrustTier, now);
            org.SetNetwork(row.Domains ?? [], row.IpRanges ?? [], now);
            org.SetContacts((row.Contacts ?? []).Select(c => new Contact { Name = c.Name, Role = c.Role, Email = c.Email, Phone = c.Phone }), now);
            foreach (var s in row.Sectors ?? []) org.JoinSector(Lookup(sectors, s, row.Code));
            foreach (var c in row.Ceptoars ?? [])
            {
                var ceptoar = Lookup(ceptoars, c, row.Code);
                org.JoinCeptoar(ceptoar);
                if (row.Kind == OrganizationKinds.Ceptoar) ceptoar.AssignSecretariat(org.Id);
            }
            if (demo) org.MarkDemo();
            db.Organizations.Add(org);
            added[org.Code] = org;
        }
        return added;
    }

    private static T Lookup<T>(IReadOnlyDictionary<string, T> map, string code, string where)
        => map.TryGetValue(code, out var value) ? value : throw new InvalidOperationException($"Reference data: '{code}' named in {where} does not exist.");
}
