using System.Diagnostics;
using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Analytics.Correlation;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using Kizuna.Core.Paging;
using Kizuna.Server.Hosting;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kizuna.Benchmarks;

/// <summary>
/// The correlation index at scale (issue 7): seeds N submitted reports (default 100,000) from the demo
/// operators across their sectors over one year, each with K observables (default 10: addresses, domains,
/// hashes, URLs drawn with a skew from pools, so values recur across reports and sectors; one value in 15 %
/// of reports to hit the cap, one on the warning list), with a submission carrying the full and the
/// sanitized JSON as production stores them. Seeding bypasses the index. Then it times
/// (1) a rebuild from scratch, (2) the cost of indexing one new report, one at a time, as the save
/// interceptor does it, (3) the findings pages and a lookup as the coordinator and as an operator (p50/p95),
/// and (4) the storage of the index against the data. Usage:
///   dotnet run -c Release --project bench/Kizuna.Benchmarks -- correlation [--reports 100000] [--per-report 10] [--database "Host=…"]
/// </summary>
public static class CorrelationBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.SkipWhile(a => a != "--reports").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
        var perReport = args.SkipWhile(a => a != "--per-report").Skip(1).Select(int.Parse).FirstOrDefault(10);
        var database = args.SkipWhile(a => a != "--database").Skip(1).FirstOrDefault();
        var dir = Path.Combine(Path.GetTempPath(), "kizuna-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var hostArgs = new List<string> { $"--Database:DataDirectory={dir}", "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000" };
        if (database is not null) hostArgs.Add($"--Database:ConnectionString={database}");
        var app = KizunaServer.Build(hostArgs.ToArray());
        await KizunaServer.PrepareDatabaseAsync(app.Services, demo: true);
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        Console.WriteLine($"database: {(database is null ? "SQLite " + dir : "PostgreSQL")}; load average: {LoadAverage()}");

        var seed = Stopwatch.StartNew();
        var operators = await SeedAsync(options, count, perReport);
        Console.WriteLine($"seeded {count} reports × {perReport} observables in {seed.Elapsed.TotalSeconds:F1} s");
        var dataBytes = await SizeAsync(app.Services, database is null, dir, indexOnly: false);

        var rebuilt = await app.Services.GetRequiredService<RebuildCorrelationIndexHandler>().HandleAsync();
        Console.WriteLine($"rebuild from scratch: {rebuilt.Elapsed.TotalSeconds:F1} s for {rebuilt.Reports} reports, {rebuilt.Occurrences} occurrences stored, {rebuilt.OverCommonKeys} over-common keys; load average: {LoadAverage()}");
        var afterBytes = await SizeAsync(app.Services, database is null, dir, indexOnly: false);
        var indexBytes = database is null ? afterBytes - dataBytes : await SizeAsync(app.Services, false, dir, indexOnly: true);
        var dataOnly = database is null ? dataBytes : afterBytes - indexBytes;
        Console.WriteLine($"storage: data {dataOnly / 1048576.0:F1} MiB, index {indexBytes / 1048576.0:F1} MiB, ratio {(double)indexBytes / dataOnly:F2}×");

        await PerObjectAsync(app.Services, options, operators, perReport);
        await FindingsAsync(app.Services);
        await app.DisposeAsync();
        if (database is null) { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); Directory.Delete(dir, true); }
    }

    private sealed record Operator(Guid Id, string Sector, Guid Ministry);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static Indicator[] Observables(Random rng, int n)
    {
        var list = new List<Indicator>(n);
        // Skewed draws (r²): low indexes recur, so values repeat across reports and sectors.
        int Draw(int pool) => (int)(Math.Pow(rng.NextDouble(), 2) * pool);
        if (rng.Next(100) < 15) list.Add(new Indicator("domain", "cdn.common.example"));
        if (rng.Next(100) < 5) list.Add(new Indicator("ipv4", "8.8.8.8"));
        while (list.Count < n)
        {
            list.Add(rng.Next(10) switch
            {
                < 4 => new Indicator("ipv4", $"198.{18 + Draw(150_000) / 65536 % 2}.{Draw(150_000) / 256 % 256}.{Draw(150_000) % 256}"),
                < 6 => new Indicator("domain", $"host{Draw(80_000)}.bad-{Draw(500)}.example"),
                < 9 => new Indicator("file-hash", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(Draw(70_000)))).ToLowerInvariant()),
                _ => new Indicator("url", $"http://host{Draw(30_000)}.bad.example/p/{Draw(100)}"),
            });
        }
        return list.DistinctBy(i => i.Type + i.Value).ToArray();
    }

    private static async Task<List<Operator>> SeedAsync(DatabaseOptions options, int count, int perReport)
    {
        // A context without the index interceptor: seeding stands for data that exists before the index.
        await using var db = new KizunaDb(KizunaDbSetup.Build(options));
        var nisc = await db.Organizations.Where(o => o.Code == "NISC").Select(o => o.Id).FirstAsync();
        var ministries = await db.SectorMinistryLinks.AsNoTracking().Where(l => l.ValidTo == null).Select(l => new { l.Sector!.Code, l.MinistryOrganizationId }).ToListAsync();
        var operators = (await db.Organizations.AsNoTracking().Where(o => o.Kind == "operator")
                .Select(o => new { o.Id, Sector = o.Sectors.Select(s => s.Code).First() }).ToListAsync())
            .Select(o => new Operator(o.Id, o.Sector, ministries.FirstOrDefault(m => m.Code == o.Sector)?.MinistryOrganizationId ?? nisc)).ToList();
        Console.WriteLine($"{operators.Count} operators in {operators.Select(o => o.Sector).Distinct().Count()} sectors");
        var rng = new Random(42);
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        var events = new[] { "malware-infection", "system-intrusion", "system-unavailable", "information-leak", "near-miss" };
        var causes = new[] { "suspicious-email", "ddos", "vulnerability", "unknown" };
        for (var i = 0; i < count; i++)
        {
            var op = operators[rng.Next(operators.Count)];
            var at = start.AddSeconds(i * (365.0 * 86400 / count));
            var indicators = Observables(rng, perReport);
            var (report, submission) = Report(op, nisc, at, indicators, events[rng.Next(events.Length)], causes[rng.Next(causes.Length)], "R-B" + i.ToString("D9"));
            db.Reports.Add(report);
            db.ReportSubmissions.Add(submission);
            if (i % 2000 == 1999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        return operators;
    }

    private static (IncidentReport, ReportSubmission) Report(Operator op, Guid nisc, DateTimeOffset at, Indicator[] indicators, string eventType, string cause, string pseudonym)
    {
        var r = new IncidentReport(op.Id, Guid.Empty, pseudonym, at);
        var content = new ReportContent
        {
            SectorCode = op.Sector, Title = "bench report " + pseudonym, Description = "Traffic to the listed hosts was seen from several servers.",
            EventTypes = [eventType], CauseTypes = [cause], SeverityDuration = 2, DetectedAt = at, Indicators = indicators,
        };
        var sanitized = new SanitizedReport(pseudonym, op.Sector, null, null, null, "day", null, at, null, [], null, content.EventTypes, content.CauseTypes, 2, 0,
            content.Title, content.Description, "", "", "", indicators, [], 5, []);
        var routing = new ReportRouting(ReportRoutes.Ministry, null, IdentityDisclosures.Ministry, ReportBases.Voluntary, null, Tlp.Amber);
        var submission = r.Submit(SubmissionKinds.First, JsonSerializer.Serialize(content, ReportValidator.Json), content,
            JsonSerializer.Serialize(sanitized, ReportValidator.Json), null, routing, op.Ministry, [op.Id, op.Ministry, nisc], Guid.Empty, at);
        return (r, submission);
    }

    /// <summary>
    /// One new report at a time, in a context without the save interceptor so the parts can be timed apart:
    /// the correlation work itself (its reads and the rows it builds, <c>ApplyAsync</c>), then the commit of the
    /// report, its submission and those rows; every other report is committed without indexing, which gives the
    /// commit that happens anyway (on SQLite mostly the write-ahead log's sync). The correlation's share of a
    /// save is the work plus the difference of the two commits.
    /// </summary>
    private static async Task PerObjectAsync(IServiceProvider services, DatabaseOptions options, List<Operator> operators, int perReport)
    {
        var rng = new Random(7);
        var (apply, withIndex, without) = (new List<double>(), new List<double>(), new List<double>());
        var nisc = await Scoped(services, db => db.Organizations.Where(o => o.Code == "NISC").Select(o => o.Id).FirstAsync());
        var dbOptions = KizunaDbSetup.Build(options);
        for (var i = 0; i < 500; i++)
        {
            using var scope = services.CreateScope();
            await using var db = new KizunaDb(dbOptions);
            var op = operators[rng.Next(operators.Count)];
            var (report, submission) = Report(op, nisc, DateTimeOffset.UtcNow, Observables(rng, perReport), "malware-infection", "ddos", "R-N" + i.ToString("D6"));
            var indexed = i % 2 == 0;
            var sw = Stopwatch.StartNew();
            if (indexed) await scope.ServiceProvider.GetRequiredService<CorrelationIndexer>().ApplyAsync(db, [CorrelatedItems.FromReport(report, 1000)]);
            var work = sw.Elapsed.TotalMilliseconds;
            db.Reports.Add(report);
            db.ReportSubmissions.Add(submission);
            sw.Restart();
            await db.SaveChangesAsync();
            var commit = sw.Elapsed.TotalMilliseconds;
            if (i < 100) continue;
            if (indexed) { apply.Add(work); withIndex.Add(commit); }
            else without.Add(commit);
        }
        static double P(List<double> t, double q) { t.Sort(); return t[Math.Min(t.Count - 1, (int)(t.Count * q))]; }
        Console.WriteLine($"one new report ({perReport} observables), {apply.Count} indexed / {without.Count} not; load average {LoadAverage()}");
        Console.WriteLine($"  correlation work (reads + rows): p50 {P(apply, 0.5):F3} ms, p95 {P(apply, 0.95):F3} ms");
        Console.WriteLine($"  commit with the index rows:      p50 {P(withIndex, 0.5):F3} ms, p95 {P(withIndex, 0.95):F3} ms");
        Console.WriteLine($"  commit without indexing:         p50 {P(without, 0.5):F3} ms, p95 {P(without, 0.95):F3} ms");
        Console.WriteLine($"  correlation cost per object (work + commit difference, p50): {P(apply, 0.5) + P(withIndex, 0.5) - P(without, 0.5):F3} ms");
    }

    private static async Task FindingsAsync(IServiceProvider services)
    {
        foreach (var (label, email) in new[] { ("coordinator", "analyst@nisc.demo.kizuna.example"), ("operator", "reporter@hikari-bank.demo.kizuna.example") })
        {
            foreach (var (what, days) in new[] { ("shared", 7), ("waves", 2), ("clusters", 7), ("lookup", 30) })
            {
                var times = new List<double>();
                var total = 0;
                for (var i = 0; i < 40; i++)
                {
                    using var scope = services.CreateScope();
                    var sp = scope.ServiceProvider;
                    var db = sp.GetRequiredService<KizunaDb>();
                    var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync();
                    var viewer = (await sp.GetRequiredService<ViewerFactory>().ForUserAsync(userId))!;
                    var q = sp.GetRequiredService<CorrelationQueries>();
                    var w = q.Window(null, null, days);
                    var page = PageRequest.From(1, 50);
                    var sw = Stopwatch.StartNew();
                    total = what switch
                    {
                        "shared" => (await q.SharedAsync(viewer, w, page)).Total,
                        "waves" => (await q.WavesAsync(viewer, w, page)).Total,
                        "clusters" => (await q.ClustersAsync(viewer, w, page)).Total,
                        _ => (await q.LookupAsync(viewer, "domain", "host1.bad-1.example", w)).BySector.Count,
                    };
                    sw.Stop();
                    if (i >= 10) times.Add(sw.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"{label} {what} ({days} days): {total} found; p50 {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms");
            }
        }
        Console.WriteLine($"load average: {LoadAverage()}");
    }

    private static async Task<T> Scoped<T>(IServiceProvider services, Func<KizunaDb, Task<T>> f)
    {
        using var scope = services.CreateScope();
        return await f(scope.ServiceProvider.GetRequiredService<KizunaDb>());
    }

    /// <summary>SQLite: the database file after a checkpoint; PostgreSQL: the whole database, or the index tables alone.</summary>
    private static async Task<long> SizeAsync(IServiceProvider services, bool sqlite, string dir, bool indexOnly)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            return Directory.GetFiles(dir, "*.db*").Sum(f => new FileInfo(f).Length);
        }
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
        var sql = indexOnly
            ? "SELECT (pg_total_relation_size('\"ObservableOccurrences\"') + pg_total_relation_size('\"OverCommonObservables\"') + pg_total_relation_size('\"CorrelationWarnings\"'))::bigint AS \"Value\""
            : "SELECT pg_database_size(current_database())::bigint AS \"Value\"";
        return await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
    }
}
