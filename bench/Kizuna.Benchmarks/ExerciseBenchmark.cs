using System.Diagnostics;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Benchmarks;

/// <summary>
/// Issue 8: an exercise of N participant operators and M injects, accelerated S×: are injects sent on
/// time? Builds the server's real service provider over a fresh database with the demo community,
/// bulk-seeds N operators (one reporter each) spread over the CEPTOARs' sectors, registers them as
/// players, authors M injects one scenario minute apart cycling message → alert → advisory (each to
/// every player), starts the exercise and runs the real <see cref="ExerciseRunner"/> loop until the
/// exercise has sent everything. Reports each inject's lateness (SentAt − DueAt) p50 / p99 / max.
/// Usage:
///   dotnet run -c Release --project bench/Kizuna.Benchmarks -- exercise [--orgs 300] [--injects 50] [--speed 60] [--database "Host=…"]
/// </summary>
public static class ExerciseBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var orgCount = int.Parse(Arg("--orgs") ?? "300");
        var injectCount = int.Parse(Arg("--injects") ?? "50");
        var speed = double.Parse(Arg("--speed") ?? "60", System.Globalization.CultureInfo.InvariantCulture);
        var database = Arg("--database");
        var dir = Path.Combine(Path.GetTempPath(), "kizuna-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var hostArgs = new List<string> { $"--Database:DataDirectory={dir}", "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000" };
        if (database is not null) hostArgs.Add($"--Database:ConnectionString={database}");
        var app = KizunaServer.Build(hostArgs.ToArray());
        try
        {
            await KizunaServer.PrepareDatabaseAsync(app.Services, demo: true);
            Console.WriteLine($"database: {(database is null ? "SQLite " + dir : "PostgreSQL")}; {orgCount} operators, {injectCount} injects at {speed}×");
            var seed = Stopwatch.StartNew();
            var orgs = await SeedAsync(app.Services, orgCount);
            Guid id;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var sp = scope.ServiceProvider;
                var db = sp.GetRequiredService<KizunaDb>();
                var nisc = await db.Users.Where(u => u.Email == "analyst@nisc.demo.kizuna.example").Select(u => u.Id).FirstAsync();
                var viewer = (await sp.GetRequiredService<ViewerFactory>().ForUserAsync(nisc))!;
                var author = sp.GetRequiredService<AuthorExerciseHandler>();
                id = (await author.CreateAsync(new ExerciseInput("Benchmark exercise", null, speed, null), viewer)).Id;
                var now = DateTimeOffset.UtcNow;
                db.ExerciseParticipants.AddRange(orgs.Select(o => new ExerciseParticipant(id, o, ExerciseRoles.Player, 2, now)));
                await db.SaveChangesAsync();
                var kinds = new[] { InjectKinds.Message, InjectKinds.Alert, InjectKinds.Advisory };
                for (var i = 0; i < injectCount; i++)
                    await author.AddInjectAsync(id, new InjectInput(i, kinds[i % kinds.Length], $"Inject {i + 1}", $"Scenario step {i + 1}.", null, null), viewer);
                Console.WriteLine($"seeded and authored in {seed.Elapsed.TotalSeconds:F1} s");
                await sp.GetRequiredService<RunExerciseHandler>().StartAsync(id, new StartExercise(), viewer);
            }
            var runner = app.Services.GetRequiredService<ExerciseRunner>();
            using var stop = new CancellationTokenSource();
            var wall = Stopwatch.StartNew();
            await runner.StartAsync(stop.Token);
            var scenario = TimeSpan.FromMinutes(injectCount - 1) / speed;
            while (true)
            {
                await Task.Delay(500);
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                var pending = await db.ExerciseInjects.CountAsync(i => i.ExerciseId == id && i.Status == InjectStates.Pending);
                if (pending == 0) break;
                if (wall.Elapsed > scenario + TimeSpan.FromMinutes(10)) throw new TimeoutException($"{pending} injects still pending.");
            }
            await stop.CancelAsync();
            await runner.StopAsync(CancellationToken.None);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                var injects = await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync();
                var skipped = injects.Where(i => i.Status != InjectStates.Sent).ToList();
                if (skipped.Count > 0) throw new InvalidOperationException($"{skipped.Count} injects not sent: {skipped[0].Note}");
                var late = injects.Select(i => (i.SentAt!.Value - i.DueAt!.Value).TotalMilliseconds).Order().ToList();
                var recipients = await db.ExerciseInjectRecipients.CountAsync(r => r.ExerciseId == id);
                Console.WriteLine($"scenario {scenario.TotalSeconds:F0} s of wall time; {injects.Count} injects sent to {recipients} organisation-injects " +
                                  $"({orgCount} players each; kinds message/alert/advisory)");
                Console.WriteLine($"lateness (SentAt − DueAt): p50 {Pct(late, 0.50):F0} ms, p99 {Pct(late, 0.99):F0} ms, max {late[^1]:F0} ms; " +
                                  $"by kind max: " + string.Join(", ", injects.GroupBy(i => i.Kind).Select(g => $"{g.Key} {g.Max(i => (i.SentAt!.Value - i.DueAt!.Value).TotalMilliseconds):F0} ms")));
            }
        }
        finally
        {
            await app.DisposeAsync();
            if (database is null) try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<List<Guid>> SeedAsync(IServiceProvider services, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new List<Guid>(count);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var ceptoars = await db.Ceptoars.Include(c => c.Sector).Where(c => c.SecretariatOrganizationId != null).OrderBy(c => c.Code).ToListAsync();
        for (var i = 0; i < count; i++)
        {
            var ceptoar = ceptoars[i % ceptoars.Count];
            var org = new Organization($"EXB-{i:D5}", $"演習ベンチ事業者{i:D5}", $"Exercise bench operator {i:D5}", OrganizationKinds.Operator, now);
            org.JoinSector(ceptoar.Sector!);
            org.JoinCeptoar(ceptoar);
            db.Organizations.Add(org);
            ids.Add(org.Id);
            db.Users.Add(BenchUsers.New($"reporter@exb-{i:D5}.example", $"Reporter {i}", org.Id, OrgRoles.Reporter, "ja", now));
        }
        await db.SaveChangesAsync();
        return ids;
    }
}
