using System.Diagnostics;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises.Drills;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Benchmarks;

/// <summary>
/// Issue 8: a drill to N organisations over three hops with simulated acknowledgements, and the time
/// to produce its report. Builds the server's real service provider over a fresh database with the
/// demo community, bulk-seeds N operators round-robin over the CEPTOARs (each with a primary and a
/// backup contact), starts a down drill to the whole community as a NISC analyst, then acknowledges
/// layer by layer through the real <see cref="AcknowledgeDrillHandler"/> on a stepping clock (a relay's
/// acknowledgement passes the message on; each organisation reached answers with probability --ack-rate, 1–600 s after receipt), and
/// finally times <see cref="DrillQueries.ReportAsync"/> (and the CSV) over --runs runs after a warm-up.
/// Usage:
///   dotnet run -c Release --project bench/Kizuna.Benchmarks -- drill [--orgs 1000] [--runs 30] [--ack-rate 0.9] [--database "Host=…"]
/// </summary>
public static class DrillBenchmark
{
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }

    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var orgCount = int.Parse(Arg("--orgs") ?? "1000");
        var runs = int.Parse(Arg("--runs") ?? "30");
        var ackRate = double.Parse(Arg("--ack-rate") ?? "0.9", System.Globalization.CultureInfo.InvariantCulture);
        var database = Arg("--database");
        var dir = Path.Combine(Path.GetTempPath(), "kizuna-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var hostArgs = new List<string> { $"--Database:DataDirectory={dir}", "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000" };
        if (database is not null) hostArgs.Add($"--Database:ConnectionString={database}");
        // Drill options pass through (e.g. --Drills:CompareWithLast=0).
        hostArgs.AddRange(args.Where(a => a.StartsWith("--Drills:", StringComparison.Ordinal)));
        var clock = new SteppingClock(DateTimeOffset.UtcNow);
        var app = KizunaServer.Build(hostArgs.ToArray(), b => b.Services.AddSingleton<TimeProvider>(clock));
        try
        {
            await KizunaServer.PrepareDatabaseAsync(app.Services, demo: true);
            Console.WriteLine($"database: {(database is null ? "SQLite " + dir : "PostgreSQL")}");
            var seed = Stopwatch.StartNew();
            await SeedAsync(app.Services, orgCount);
            Console.WriteLine($"seeded {orgCount} operators in {seed.Elapsed.TotalSeconds:F1} s");

            Guid drillId;
            var start = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var viewer = await NiscViewerAsync(scope.ServiceProvider);
                var drill = await scope.ServiceProvider.GetRequiredService<StartDrillHandler>().HandleAsync(
                    new StartDrill(DrillDirections.Down, "疎通確認訓練 / Reachability drill", "これは訓練です。受領を確認してください。"), viewer);
                drillId = drill.Id;
            }
            int recipients, hops;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                recipients = await db.Set<DrillRecipient>().CountAsync(r => r.DrillId == drillId);
                hops = await db.Set<DrillRecipient>().Where(r => r.DrillId == drillId).MaxAsync(r => r.Hop);
            }
            Console.WriteLine($"drill started in {start.Elapsed.TotalMilliseconds:F0} ms: {recipients} organisations over {hops} hops");

            // Acknowledgements as a discrete-event simulation on the stepping clock: each organisation the message
            // reaches answers (with probability --ack-rate) 1–600 s after receipt; a relay's acknowledgement, through
            // the real handler, passes the message on, and its children's answers are scheduled from that moment.
            var random = new Random(8);
            var acks = 0;
            var ackTime = Stopwatch.StartNew();
            Dictionary<Guid, (string Code, string Kind)> orgs;
            ILookup<Guid, Guid> children;
            List<Guid> firstHop;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                var rows = await db.Set<DrillRecipient>().Where(r => r.DrillId == drillId)
                    .Join(db.Organizations, r => r.OrganizationId, o => o.Id, (r, o) => new { o.Id, o.Code, o.Kind, r.Hop, r.ParentOrganizationId }).ToListAsync();
                orgs = rows.ToDictionary(r => r.Id, r => (r.Code, r.Kind));
                children = rows.ToLookup(r => r.ParentOrganizationId, r => r.Id);
                firstHop = rows.Where(r => r.Hop == 1).Select(r => r.Id).ToList();
            }
            var events = new PriorityQueue<Guid, DateTimeOffset>();
            void Schedule(IEnumerable<Guid> reached, DateTimeOffset at)
            {
                foreach (var id in reached)
                    if (random.NextDouble() < ackRate) events.Enqueue(id, at + TimeSpan.FromSeconds(random.Next(1, 601)));
            }
            Schedule(firstHop, clock.GetUtcNow());
            while (events.TryDequeue(out var org, out var at))
            {
                if (at > clock.GetUtcNow()) clock.Advance(at - clock.GetUtcNow());
                var (code, kind) = orgs[org];
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AcknowledgeDrillHandler>()
                    .HandleAsync(drillId, Viewer.ForOrganization(org, code, kind, [], null), DrillChannels.Api);
                acks++;
                Schedule(children[org], at);
            }
            Console.WriteLine($"simulated {acks} acknowledgements through the handler in {ackTime.Elapsed.TotalSeconds:F1} s " +
                              $"({ackTime.Elapsed.TotalMilliseconds / Math.Max(1, acks):F1} ms each)");

            // The report: a warm-up, then the timed runs, each in its own scope (a request's).
            DrillReport? report = null;
            var times = new List<double>();
            var csvTimes = new List<double>();
            using var counter = new DbCommandCounter();
            var sql0 = counter.Snapshot();
            for (var i = 0; i <= runs; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var queries = scope.ServiceProvider.GetRequiredService<DrillQueries>();
                var viewer = await NiscViewerAsync(scope.ServiceProvider);
                var t0 = Stopwatch.GetTimestamp();
                report = await queries.ReportAsync(viewer, drillId);
                var t1 = Stopwatch.GetTimestamp();
                await queries.WriteCsvAsync(report, Stream.Null, CancellationToken.None);
                var t2 = Stopwatch.GetTimestamp();
                if (i == 0) { sql0 = counter.Snapshot(); continue; }
                times.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
                csvTimes.Add((t2 - t1) * 1000.0 / Stopwatch.Frequency);
            }
            Console.WriteLine($"report: {report!.Recipients} recipients, {report.Acknowledged} acknowledged, rate {report.Rate:P1}, " +
                              $"{report.NonResponders.Count} non-responders; per hop: " +
                              string.Join("; ", report.Layers.Select(l => $"hop {l.Hop} {l.Acknowledged}/{l.Recipients} median {l.Time.MedianSeconds:F0} s")));
            Console.WriteLine($"report time over {runs} runs: p50 {Percentile(times, 0.5):F1} ms, p95 {Percentile(times, 0.95):F1} ms, max {times.Max():F1} ms; " +
                              $"CSV from the report p50 {Percentile(csvTimes, 0.5):F1} ms");
            var sql1 = counter.Snapshot();
            Console.WriteLine($"    per report: {(double)(sql1.Commands - sql0.Commands) / runs:F1} SQL commands taking {(sql1.Time - sql0.Time).TotalMilliseconds / runs:F1} ms (viewer lookup included)");
        }
        finally
        {
            await app.DisposeAsync();
            if (database is null) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var s = values.Order().ToArray();
        return s[Math.Clamp((int)Math.Ceiling(p * s.Length) - 1, 0, s.Length - 1)];
    }

    private static async Task<Viewer> NiscViewerAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<KizunaDb>();
        var nisc = await db.Users.Where(u => u.Email == "analyst@nisc.demo.kizuna.example").Select(u => u.Id).FirstAsync();
        return (await sp.GetRequiredService<ViewerFactory>().ForUserAsync(nisc))!;
    }

    /// <summary>N operators round-robin over the CEPTOARs with a secretariat (and so every sector), each with a primary and a backup contact.</summary>
    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        var now = DateTimeOffset.UtcNow;
        const int chunk = 1000;
        for (var start = 0; start < count; start += chunk)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            var ceptoars = await db.Ceptoars.Include(c => c.Sector).Where(c => c.SecretariatOrganizationId != null).OrderBy(c => c.Code).ToListAsync();
            for (var i = start; i < Math.Min(count, start + chunk); i++)
            {
                var ceptoar = ceptoars[i % ceptoars.Count];
                var code = $"BENCH-{i:D6}";
                var org = new Organization(code, $"ベンチ事業者{i:D6}株式会社", $"Bench Operator {i:D6} Co., Ltd.", OrganizationKinds.Operator, now);
                org.JoinSector(ceptoar.Sector!);
                org.JoinCeptoar(ceptoar);
                org.SetContacts([
                    new Contact { Name = $"担当 {i}", Role = "primary", Email = $"soc@bench-{i:D6}.example", Phone = "03-0000-0000" },
                    new Contact { Name = $"副担当 {i}", Role = "backup", Email = $"backup@bench-{i:D6}.example" },
                ], now);
                db.Organizations.Add(org);
            }
            await db.SaveChangesAsync();
        }
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<KizunaDb>().Database.ExecuteSqlRawAsync("ANALYZE;");
    }
}
