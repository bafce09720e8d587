using System.Diagnostics;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Paging;
using Kizuna.Server.Hosting;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Benchmarks;

/// <summary>
/// Report list latency at scale: seeds N submitted reports from the demo operators (mixed sectors,
/// routes, disclosure choices, statuses), then times the first page of /reports as the lists people
/// open (an operator's own reports, a ministry's inbox, the coordinator's everything, a filtered
/// list) and prints p50/p95/max. Usage:
///   dotnet run -c Release --project bench/Kizuna.Benchmarks -- report-list [--reports 100000] [--database "Host=…"]
/// </summary>
public static class ReportListBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.SkipWhile(a => a != "--reports").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
        var database = args.SkipWhile(a => a != "--database").Skip(1).FirstOrDefault();
        var dir = Path.Combine(Path.GetTempPath(), "kizuna-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var hostArgs = new List<string> { $"--Database:DataDirectory={dir}", "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000" };
        if (database is not null) hostArgs.Add($"--Database:ConnectionString={database}");
        var app = KizunaServer.Build(hostArgs.ToArray());
        await KizunaServer.PrepareDatabaseAsync(app.Services, demo: true);
        Console.WriteLine($"database: {(database is null ? "SQLite " + dir : "PostgreSQL")}");

        var seed = Stopwatch.StartNew();
        await SeedAsync(app.Services, count);
        Console.WriteLine($"seeded {count} reports in {seed.Elapsed.TotalSeconds:F1} s");

        foreach (var (label, email, filter) in new[]
                 {
                     ("operator: my reports", "reporter@hikari-bank.demo.kizuna.example", new ReportFilter("mine")),
                     ("ministry (FSA): inbox", "analyst@fsa.demo.kizuna.example", new ReportFilter("inbox")),
                     ("coordinator: all", "analyst@nisc.demo.kizuna.example", new ReportFilter("all")),
                     ("coordinator: finance, severity ≥ 2, malware", "analyst@nisc.demo.kizuna.example", new ReportFilter("all", Sector: "finance", EventType: "malware-infection", MinSeverity: 2)),
                 })
        {
            var times = new List<double>();
            for (var i = 0; i < 60; i++)
            {
                using var scope = app.Services.CreateScope();
                var sp = scope.ServiceProvider;
                var db = sp.GetRequiredService<KizunaDb>();
                var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync();
                var viewer = (await sp.GetRequiredService<ViewerFactory>().ForUserAsync(userId))!;
                var sw = Stopwatch.StartNew();
                var page = await sp.GetRequiredService<ReportQueries>().ListAsync(viewer, filter with { Paging = new PageRequest(1 + i % 3, 50) });
                sw.Stop();
                if (i >= 10) times.Add(sw.Elapsed.TotalMilliseconds); // the first ten warm up
                if (i == 0) Console.Write($"{label}: {page.Total} visible; ");
            }
            times.Sort();
            Console.WriteLine($"p50 {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms, max {times[^1]:F1} ms");
        }
        await app.DisposeAsync();
        if (database is null) { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); Directory.Delete(dir, true); }
    }

    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var operators = await db.Organizations.AsNoTracking().Where(o => o.Kind == "operator")
            .Select(o => new { o.Id, Sector = o.Sectors.Select(s => s.Code).First() }).ToListAsync();
        var ministries = await db.SectorMinistryLinks.AsNoTracking().Where(l => l.ValidTo == null)
            .Select(l => new { l.Sector!.Code, l.MinistryOrganizationId }).ToListAsync();
        var nisc = await db.Organizations.Where(o => o.Code == "NISC").Select(o => o.Id).FirstAsync();
        var events = new[] { "malware-infection", "system-intrusion", "system-unavailable", "information-leak", "near-miss" };
        var statuses = new[] { 0, 1, 2, 3 };
        var rng = new Random(42);
        var start = DateTimeOffset.UtcNow.AddDays(-700);
        for (var i = 0; i < count; i++)
        {
            var op = operators[rng.Next(operators.Count)];
            var ministry = ministries.FirstOrDefault(m => m.Code == op.Sector)?.MinistryOrganizationId ?? nisc;
            var at = start.AddMinutes(i * 10);
            var r = new IncidentReport(op.Id, Guid.Empty, "R-B" + i.ToString("D9"), at);
            var content = new ReportContent
            {
                SectorCode = op.Sector, Title = $"bench report {i}", Description = "…",
                EventTypes = [events[rng.Next(events.Length)]], CauseTypes = ["suspicious-email"],
                SeverityDuration = rng.Next(0, 5), SeveritySafety = rng.Next(0, 3), DetectedAt = at,
            };
            var disclosure = rng.Next(3) switch { 0 => IdentityDisclosures.None, 1 => IdentityDisclosures.Ministry, _ => IdentityDisclosures.MinistryAndCoordinator };
            var routing = new ReportRouting(ReportRoutes.Ministry, null, disclosure, ReportBases.Voluntary, null, Tlp.Amber);
            var audience = new List<Guid> { op.Id, ministry };
            r.Submit(SubmissionKinds.First, "{}", content, "{\"title\":\"sanitized\"}", null, routing, ministry, audience, Guid.Empty, at);
            var step = statuses[rng.Next(statuses.Length)];
            if (step >= 1) r.Receive(at);
            if (step >= 2) r.Forward(nisc, at);
            if (step >= 3) r.Triage("normal", [], at);
            db.Reports.Add(r);
            if (i % 5000 == 4999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        // A production database has planner statistics; a freshly bulk-loaded one gets them here, not at autovacuum's whim.
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
    }
}
