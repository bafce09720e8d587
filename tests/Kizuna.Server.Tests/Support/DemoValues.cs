using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.Support;

/// <summary>Real values for route parameters, read from the database, keyed as <see cref="RouteCatalog.KeyOf"/> does.</summary>
public static class DemoValues
{
    public static readonly string[] TaxonomyNames = ["event-types", "cause-types", "severity-levels", "severity-axes"];

    /// <summary>
    /// A small map that fills every route parameter the app has: the given organisations and notices,
    /// every sector, and a few reference-data codes. Add an entry when a test names a missing key.
    /// </summary>
    public static async Task<Dictionary<string, IReadOnlyList<string>>> RouteValuesAsync(KizunaDb db, IReadOnlyList<string> organizationCodes, IReadOnlyList<Guid> noticeIds, bool allSectors = true)
    {
        var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).Select(s => s.Code).ToListAsync();
        var services = await db.CriticalServices.AsNoTracking().OrderBy(s => s.Code).Select(s => s.Code).Take(2).ToListAsync();
        var term = await db.TaxonomyTerms.AsNoTracking().OrderBy(t => t.Scheme).ThenBy(t => t.SortOrder).FirstAsync();
        var notices = noticeIds.Select(id => id.ToString("D")).ToList();
        // Liaison reports: the newest few (there may be none), and an id that exists nowhere.
        var reports = (await db.Reports.AsNoTracking().OrderByDescending(r => r.CreatedAt).Select(r => r.Id).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        return new()
        {
            ["organizations/code"] = organizationCodes,
            ["directory/code"] = organizationCodes,
            ["sectors/code"] = allSectors ? sectors : sectors.Take(1).ToList(),
            ["services/code"] = services,
            ["critical-services/code"] = services,
            ["terms/scheme"] = [term.Scheme],
            ["terms/code"] = [term.Code],
            ["taxonomy/name"] = TaxonomyNames,
            ["notices/id"] = notices,
            ["reports/id"] = reports,
            ["submissions/number"] = ["1"],
            ["attachments/attachmentid"] = [Guid.CreateVersion7().ToString("D")],
            ["lang/code"] = ["ja"],
            ["openapi/documentname"] = ["v1"],
        };
    }
}
