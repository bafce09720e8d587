using BenchmarkDotNet.Attributes;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Notices;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Benchmarks;

/// <summary>
/// The disclosure filter as a query: one page of the notices a viewer may see, out of 20,000 with
/// mixed TLP and audiences, on the embedded SQLite database.
/// </summary>
[MemoryDiagnoser]
public class DisclosureBenchmarks
{
    private string _dir = "";
    private DatabaseOptions _options = null!;
    private Viewer _viewer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kizuna-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _options = new DatabaseOptions { DataDirectory = _dir };
        using var db = new KizunaDb(KizunaDbSetup.Build(_options));
        KizunaDbSetup.MigrateAsync(db).GetAwaiter().GetResult();
        var orgs = Enumerable.Range(0, 200).Select(_ => Guid.CreateVersion7()).ToArray();
        var sectors = new[] { "finance", "electricity", "water", "railway", "telecom" };
        var rng = new Random(7);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 20_000; i++)
        {
            var tlp = (Tlp)rng.Next(0, 5);
            var owner = orgs[rng.Next(orgs.Length)];
            List<AudienceEntry> audience = tlp switch
            {
                Tlp.Clear => [],
                Tlp.Red => [AudienceEntry.Organization(orgs[rng.Next(orgs.Length)])],
                _ => rng.Next(3) switch
                {
                    0 => [AudienceEntry.Community()],
                    1 => [AudienceEntry.Sector(sectors[rng.Next(sectors.Length)])],
                    _ => [AudienceEntry.Organization(orgs[rng.Next(orgs.Length)]), AudienceEntry.Tier("tier1")],
                },
            };
            db.Notices.Add(new Notice($"notice {i}", "body", new Distribution(tlp, owner, audience), Guid.Empty, now.AddSeconds(i)));
            if (i % 2000 == 1999) { db.SaveChanges(); db.ChangeTracker.Clear(); }
        }
        _viewer = new Viewer(Guid.NewGuid(), "bench@example", orgs[3], "BENCH", "operator", ["finance"], "tier2", ["viewer"], false);
    }

    [Benchmark]
    public async Task<int> VisibleNoticesFirstPage()
    {
        await using var db = new KizunaDb(KizunaDbSetup.Build(_options));
        var page = await DisclosurePolicy.Visible(db.Notices.AsNoTracking(), _viewer).OrderByDescending(n => n.PostedAt).Take(50).ToListAsync();
        return page.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
