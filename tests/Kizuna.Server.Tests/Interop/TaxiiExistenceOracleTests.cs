using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Interop;

/// <summary>
/// The idempotency check of TAXII POST must not be an existence oracle. The real case: an object is
/// added to the finance sector's collection while FSA is the sector's ministry (its audience: the
/// sector, FSA, the coordinator); then METI also becomes responsible for the sector, may write the
/// collection, but may not see that object. METI posting the same id and version must get the answer
/// a new object gets, and change nothing stored. (Own servers: the test changes a sector's ministries.)
/// </summary>
public sealed class TaxiiExistenceOracleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Fsa = "analyst@fsa.demo.kizuna.example";
    private const string Meti = "analyst@meti.demo.kizuna.example";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Post_VersionThePosterMayNotSee_AnsweredAsNew_StoredCopyUnchanged(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var fsa = await ClientAsync(server, Fsa);
        var hidden = Indicator(name: $"FSA-only {Guid.NewGuid():N}");
        var id = hidden["id"]!.GetValue<string>();
        Assert.Equal(1, (await PostAsync(fsa, "sector-finance", hidden))["success_count"]!.GetValue<int>());

        await using (var db = server.NewContext())
        {
            var finance = await db.Sectors.Where(s => s.Code == "finance").Select(s => s.Id).SingleAsync();
            var metiId = await db.Organizations.Where(o => o.Code == "METI").Select(o => o.Id).SingleAsync();
            db.SectorMinistryLinks.Add(new SectorMinistryLink(finance, metiId, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), null));
            await db.SaveChangesAsync();
        }
        using var meti = await ClientAsync(server, Meti);
        // METI may now read and write the collection, but not see the object added before.
        await AssertErrorAsync(await meti.GetAsync($"{Root}/collections/sector-finance/objects/{id}/"), HttpStatusCode.NotFound);
        await using var before = server.NewContext();
        var stored = await before.StixObjects.AsNoTracking().Where(r => r.StixId == id).Select(r => new { r.Id, r.Json, r.Sequence, Audience = r.Distribution.Audience.Count }).SingleAsync();

        // The same id and version (other content), beside a really new object: both answered alike.
        var copy = Indicator(id: id, name: "METI's copy");
        var fresh = Indicator(name: "METI's own");
        var status = await PostAsync(meti, "sector-finance", copy, fresh);
        Assert.Equal(2, status["success_count"]!.GetValue<int>());
        Assert.Equal(0, status["failure_count"]!.GetValue<int>());
        var successes = status["successes"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var forCopy = successes.Single(s => s["id"]!.GetValue<string>() == id);
        var forFresh = successes.Single(s => s["id"]!.GetValue<string>() == fresh["id"]!.GetValue<string>());
        Assert.Equal(forFresh.Select(p => p.Key).Order(), forCopy.Select(p => p.Key).Order());
        Assert.Null(forCopy["message"]);
        Assert.Equal(Stamp(T0), forCopy["version"]!.GetValue<string>());
        // The status resource read back says the same.
        var (_, again) = await GetAsync(meti, $"{Root}/status/{status["id"]!.GetValue<string>()}/");
        Assert.DoesNotContain("Already", again.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // Nothing stored changed and nothing was added for the hidden one; the new one was stored.
        await using var after = server.NewContext();
        var rows = await after.StixObjects.AsNoTracking().Where(r => r.StixId == id).Select(r => new { r.Id, r.Json, r.Sequence, Audience = r.Distribution.Audience.Count }).ToListAsync();
        Assert.Equal(stored, Assert.Single(rows));
        Assert.Contains("FSA-only", rows[0].Json);
        Assert.Equal(1, await after.StixObjects.CountAsync(r => r.StixId == fresh["id"]!.GetValue<string>()));
        // The audit row (read by METI's org admins) tells no more than the answer did.
        var audit = await after.AuditEntries.Where(e => e.Action == "taxii.added" && e.Detail!.Contains(status["id"]!.GetValue<string>())).SingleAsync();
        Assert.StartsWith("2 new, 0 already present", audit.Detail);
        // And METI still does not see it.
        await AssertErrorAsync(await meti.GetAsync($"{Root}/collections/sector-finance/objects/{id}/"), HttpStatusCode.NotFound);

        // Who may see it still hears that it is there.
        var repeat = await PostAsync(fsa, "sector-finance", hidden);
        Assert.Contains("Already in the collection", repeat["successes"]![0]!["message"]!.GetValue<string>());
    }
}
