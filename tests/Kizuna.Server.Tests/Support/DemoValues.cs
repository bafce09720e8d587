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
        // Advisories: the newest few (there may be none), and an id that exists nowhere.
        var advisories = (await db.Advisories.AsNoTracking().OrderByDescending(a => a.CreatedAt).Select(a => a.Id).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // Hotline alerts: the newest few (there may be none), and an id that exists nowhere.
        var alerts = (await db.HotlineAlerts.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => a.Id).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // Crises: the newest few (there may be none), and an id that exists nowhere.
        var crises = (await db.CrisisDeclarations.AsNoTracking().OrderByDescending(c => c.DeclaredAt).Select(c => c.Id).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // Exercises: the newest few (there may be none), and an id that exists nowhere.
        var exercises = (await db.Exercises.AsNoTracking().OrderByDescending(e => e.CreatedAt).Select(e => e.Id).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // Newsletter issues: the newest few (the scheduler may have drafted one), one that does not exist and a malformed number.
        var newsletters = (await db.NewsletterIssues.AsNoTracking().OrderByDescending(i => i.PeriodStart).Select(i => i.Number).Take(3).ToListAsync())
            .Append("2001-1-1").Append("not-a-number").ToList();
        // Service dependencies: a few (the demo seeds them), and an id that exists nowhere.
        var dependencies = (await db.ServiceDependencies.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).Take(2).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // TAXII: the community and finance collections and the given organisations' inboxes (by alias), one by id, and one that does not exist;
        // the newest STIX objects and status resources, and ids that exist nowhere.
        var peers = (await db.FederationPeers.AsNoTracking().OrderBy(p => p.Code).Select(p => p.Code).Take(2).ToListAsync()).Append("no-such-peer").ToList();
        var collections = new[] { "community", "sector-finance", Kizuna.Core.Features.Interop.TaxiiCollection.NameBasedId("community").ToString("D") }
            .Concat(organizationCodes.Select(c => "inbox-" + c.ToLowerInvariant())).Concat(peers.SkipLast(1).Select(p => "peer-" + p)).Append(Guid.CreateVersion7().ToString("D")).Distinct().ToList();
        var stixObjects = (await db.StixObjects.AsNoTracking().OrderByDescending(o => o.Sequence).Select(o => o.StixId).Take(3).ToListAsync())
            .Append("indicator--00000000-0000-4000-8000-000000000000").Distinct().ToList();
        var statuses = (await db.TaxiiStatuses.AsNoTracking().OrderByDescending(s => s.RequestTimestamp).Select(s => s.Id).Take(2).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // Ingest rules (automation): the newest few (there may be none), and an id that exists nowhere.
        var rules = (await db.IngestRules.AsNoTracking().OrderByDescending(r => r.CreatedAt).Select(r => r.Id).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // MISP: the newest reports (by STIX id for the export, by UUID for the feeds' event files), and one that exists nowhere.
        var stixReports = (await db.StixObjects.AsNoTracking().Where(o => o.Type == "report").OrderByDescending(o => o.Sequence).Select(o => o.StixId).Take(3).ToListAsync())
            .Append("report--00000000-0000-4000-8000-000000000000").Distinct().ToList();
        var eventUuids = stixReports.Select(id => id["report--".Length..]).ToList();
        // Correlation: the newest observables in the index (there may be none), and a key that exists nowhere; the warning list's first entry.
        var observables = (await db.ObservableOccurrences.AsNoTracking().OrderByDescending(o => o.At).Select(o => o.KeyId).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).Distinct().ToList();
        var warnings = (await db.CorrelationWarnings.AsNoTracking().OrderBy(w => w.Type).ThenBy(w => w.Value).Select(w => w.Id).Take(1).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        // Drills: the newest few (there may be none), and an id that exists nowhere.
        var drills = (await db.Set<Kizuna.Core.Features.Exercises.Drills.Drill>().AsNoTracking().OrderByDescending(d => d.CreatedAt).Select(d => d.Id).Take(3).ToListAsync())
            .Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        var fiscalYear = Kizuna.Core.Features.Analytics.Trends.FiscalCalendar.FiscalYearOf(DateTimeOffset.UtcNow).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new()
        {
            ["rules/id"] = rules,
            ["events/stixreportid"] = stixReports,
            ["misp-feed/eventuuid"] = eventUuids,
            ["member/eventuuid"] = eventUuids,
            ["observables/key"] = observables,
            ["warning-list/id"] = warnings,
            ["?/api/v1/analytics/correlation/lookup"] = ["value=203.0.113.9", "value=hxxp://evil[.]example[.]net/&days=30", "value=evil.example.net&type=domain", "value=x&type=colour", "value=203.0.113.9&days=0"],
            ["?/api/v1/analytics/correlation/findings/shared"] = ["days=30", "days=100000", "from=2026-01-10&to=2026-01-01"],
            ["?/api/v1/analytics/correlation/findings/waves"] = ["days=30"],
            ["?/api/v1/analytics/correlation/findings/clusters"] = ["days=30"],
            ["?/analytics/correlation"] = ["view=waves", "view=clusters", "view=lookup&value=203.0.113.9", "days=0"],
            ["collections/id"] = collections,
            ["objects/objectid"] = stixObjects,
            // Intelligence: the same STIX objects by id (API and page), and searches.
            ["intel/id"] = stixObjects,
            ["?/api/v1/intel"] = ["q=example", "sector=finance", "tlp=RED", "type=indicator&limit=1"],
            ["?/intel"] = ["q=example", "sector=finance", "tlp=RED"],
            ["status/statusid"] = statuses,
            ["?/taxii2/kizuna/collections/{id}/objects/"] = ["match[version]=all", "limit=1000"],
            ["?/taxii2/kizuna/collections/{id}/manifest/"] = ["match[version]=all"],
            ["?/taxii2/kizuna/collections/{id}/objects/{objectId}/"] = ["match[version]=all"],
            // Federation peers: those configured (there may be none), and a code that exists nowhere.
            ["peers/code"] = peers,
            ["federation/code"] = peers,
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
            ["advisories/id"] = advisories,
            // A signed e-mail link that does not verify: redirects to the list with ?error=link.
            ["l/token"] = ["not-a-valid-link"],
            ["?/advisories"] = ["box=sent", "box=all", "error=link"],
            ["submissions/number"] = ["1"],
            ["alerts/id"] = alerts,
            ["hotline/id"] = alerts,
            ["crises/id"] = crises,
            ["exercises/id"] = exercises,
            ["?/api/v1/exercises/statistics"] = ["fy=" + fiscalYear, "fy=1999"],
            ["?/api/v1/exercises/{id:guid}/after-action-report.pdf"] = ["lang=en", "lang=xx"],
            ["drills/id"] = drills,
            // An exercise's participant and inject numbers (and ones that exist nowhere).
            ["participants/orgcode"] = ["HIKARI-BANK", "NO-SUCH-ORG"],
            ["injects/number"] = ["1", "2", "999"],
            ["service-dependencies/id"] = dependencies,
            // Annual figures: this fiscal year as JSON and as each file, and a year out of range.
            ["annual/fy"] = [fiscalYear, fiscalYear + ".csv", fiscalYear + ".xlsx", fiscalYear + ".pdf", "1999"],
            ["?/api/v1/analytics/trends"] = ["by=quarter&dims=sector,event_type", "by=fy&dims=cause_type,severity&format=csv", "dims=colour"],
            ["?/analytics"] = ["by=quarter&dim=sector&service=electricity-supply", "dim=cause_type", "dim=colour"],
            ["?/analytics/annual"] = ["fy=" + fiscalYear, "fy=1999"],
            ["?/api/v1/service-dependencies/at-risk"] = ["service=electricity-supply", "service=electricity-supply&service=telecom-carrier&depth=5", "service=no-such-service", "service=electricity-supply&depth=9"],
            ["?/api/v1/service-dependencies"] = ["sector=electricity", "sector=no-such-sector"],
            ["?/service-dependencies"] = ["service=electricity-supply&depth=2", "service=no-such-service", "service=electricity-supply&depth=x"],
            // An acknowledgement link that does not verify: the page says so (a GET never acknowledges anyway).
            ["ack/token"] = ["not-a-valid-link"],
            ["?/api/v1/hotline/stream"] = ["lastEventId=0"],
            ["attachments/attachmentid"] = [Guid.CreateVersion7().ToString("D")],
            ["lang/code"] = ["ja"],
            ["openapi/documentname"] = ["v1"],
            // Liaison: AddReports names the reports and attachments a test seeded.
            ["reidentification/requestid"] = [Guid.CreateVersion7().ToString("D")],
            ["?/api/v1/reports/{id:guid}/diff"] = ["from=1&to=2"],
            ["?/api/v1/advisories"] = ["box=sent", "box=all"],
            ["newsletters/number"] = newsletters,
            ["?/api/v1/newsletters/{number}/preview"] = ["organization=HIKARI-BANK"],
            ["?/newsletters/{Number}"] = ["as=HIKARI-BANK"],
        };
    }

    /// <summary>Fills the TAXII object and status routes with the objects and statuses a test made, and ones that exist nowhere.</summary>
    public static Dictionary<string, IReadOnlyList<string>> AddStixObjects(this Dictionary<string, IReadOnlyList<string>> values, IEnumerable<string> stixIds, IEnumerable<Guid> statusIds)
    {
        values["objects/objectid"] = stixIds.Append("indicator--00000000-0000-4000-8000-000000000000").Distinct().ToList();
        values["intel/id"] = values["objects/objectid"];
        values["status/statusid"] = statusIds.Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        return values;
    }

    /// <summary>Fills the advisory routes ({id}, pages and API alike) with the advisories a test seeded, and an id that exists nowhere.</summary>
    public static Dictionary<string, IReadOnlyList<string>> AddAdvisories(this Dictionary<string, IReadOnlyList<string>> values, IEnumerable<Guid> advisoryIds)
    {
        values["advisories/id"] = advisoryIds.Append(Guid.CreateVersion7()).Select(id => id.ToString("D")).ToList();
        return values;
    }

    /// <summary>
    /// Fills the liaison routes with real reports: {id} with the report ids (pages and API alike),
    /// {number} with the first two submissions, {attachmentId} with the attachments, and the diff
    /// with from=1&amp;to=2.
    /// </summary>
    public static Dictionary<string, IReadOnlyList<string>> AddReports(this Dictionary<string, IReadOnlyList<string>> values,
        IEnumerable<Guid> reportIds, IEnumerable<Guid> attachmentIds)
    {
        var reports = reportIds.Select(id => id.ToString("D")).ToList();
        var attachments = attachmentIds.Select(id => id.ToString("D")).ToList();
        values["reports/id"] = reports;
        values["liaison/id"] = reports;
        values["submissions/number"] = ["1", "2"];
        if (attachments.Count > 0) values["attachments/attachmentid"] = attachments;
        values["?/api/v1/reports/{id:guid}/diff"] = ["from=1&to=2", "from=1&to=1"];
        values["?/reports/{Id:guid}/diff"] = ["from=1&to=2"];
        values["?/reports/{Id:guid}/edit"] = ["preview=true"];
        values["?/reports"] = ["scope=inbox", "scope=mine", "overdue=true"];
        return values;
    }
}
