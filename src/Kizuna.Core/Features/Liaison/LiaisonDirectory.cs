using Kizuna.Core.Data;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison.Anonymization;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// What liaison needs to know about the directory, loaded once per request: which ministries are
/// responsible for each sector today, the coordinator, and (lazily) the snapshot the sanitizer
/// generalizes and redacts against.
/// </summary>
public sealed class LiaisonDirectory(KizunaDb db, DirectorySnapshotCache snapshots, TimeProvider clock)
{
    private Dictionary<string, List<Guid>>? _ministries;
    private DirectorySnapshot? _snapshot;
    private readonly Dictionary<Guid, ReporterProfile> _reporters = [];

    /// <summary>The ministries responsible for a sector today (the dated sector–ministry links).</summary>
    public async Task<IReadOnlyCollection<Guid>> MinistriesOfAsync(string sectorCode, CancellationToken ct = default)
        => (await MinistriesBySectorAsync(ct)).TryGetValue(sectorCode, out var ids) ? ids : [];

    /// <summary>The sectors a ministry is responsible for today (the same links, read the other way).</summary>
    public async Task<IReadOnlySet<string>> SectorsOfMinistryAsync(Guid ministryOrganizationId, CancellationToken ct = default)
        => (await MinistriesBySectorAsync(ct)).Where(kv => kv.Value.Contains(ministryOrganizationId)).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);

    private async Task<Dictionary<string, List<Guid>>> MinistriesBySectorAsync(CancellationToken ct)
    {
        return _ministries ??= await MinistriesBySectorAsync(db, clock.GetUtcNow(), ct);
    }

    /// <summary>
    /// Sector code → the ministries responsible for it on the day of <paramref name="now"/>: the one
    /// reading of the dated sector–ministry links, for callers without a scoped directory (the crisis room gate).
    /// </summary>
    public static async Task<Dictionary<string, List<Guid>>> MinistriesBySectorAsync(KizunaDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var links = await db.SectorMinistryLinks.AsNoTracking()
            .Select(l => new { l.Sector!.Code, l.MinistryOrganizationId, l.ValidFrom, l.ValidTo }).ToListAsync(ct);
        return links.Where(l => SectorMinistryLink.Covers(l.ValidFrom, l.ValidTo, today))
            .GroupBy(l => l.Code).ToDictionary(g => g.Key, g => g.Select(l => l.MinistryOrganizationId).ToList());
    }

    public async Task<Organization> CoordinatorAsync(CancellationToken ct = default)
        => await db.Organizations.AsNoTracking().OrderBy(o => o.Code).FirstOrDefaultAsync(o => o.Kind == OrganizationKinds.Coordinator, ct)
           ?? throw new InvalidOperationException("The directory has no coordinator organisation.");

    /// <summary>The directory as the sanitizer sees it, shared across requests until the directory changes.</summary>
    public async Task<DirectorySnapshot> SnapshotAsync(CancellationToken ct = default) => _snapshot ??= await snapshots.GetAsync(db, ct);

    /// <summary>
    /// The snapshot a report's sanitized view is generalized against. A report routed through a
    /// CEPTOAR tells every later reader which CEPTOAR forwarded it, so its anonymity set is that
    /// CEPTOAR's members: only they count towards k. Names of the other organisations are still
    /// redacted (carried as names to redact).
    /// </summary>
    public async Task<DirectorySnapshot> SnapshotForRouteAsync(string route, string? ceptoarCode, CancellationToken ct = default)
        => route == ReportRoutes.Ceptoar && ceptoarCode is not null
            ? await snapshots.GetForCeptoarAsync(db, ceptoarCode, ct)
            : await SnapshotAsync(ct);

    /// <summary>The identifying details of a reporting organisation: its names, network, and the people who act for it.</summary>
    public async Task<ReporterProfile> ReporterAsync(Guid organizationId, CancellationToken ct = default)
    {
        if (_reporters.TryGetValue(organizationId, out var known)) return known;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == organizationId, ct);
        var people = await db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId).Select(u => u.DisplayName).ToListAsync(ct);
        people.AddRange(org.Contacts.Select(c => c.Name));
        return _reporters[organizationId] = new ReporterProfile(org.Id, org.Code, org.NameJa, org.NameEn, org.RegionCode, org.SizeClass, org.Domains, org.IpRanges,
            people.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct().ToList());
    }
}
