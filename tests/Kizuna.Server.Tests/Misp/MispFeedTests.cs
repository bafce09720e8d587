using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Tests.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Misp.MispApi;

namespace Kizuna.Server.Tests.Misp;

/// <summary>
/// The MISP feeds and the export under the disclosure policy. Seeded: a TLP:CLEAR and a TLP:GREEN event in
/// the community collection (NISC), a TLP:AMBER and a TLP:RED event in HIKARI-BANK's inbox (its reporter),
/// and a TLP:CLEAR report (NISC, community) that references a TLP:RED indicator of HIKARI-BANK's inbox.
/// The public feed lists exactly the CLEAR reports; each member feed exactly the reports its user may see
/// up to AMBER; RED never leaves by feed, and another organisation's inbox never reaches anyone else.
/// </summary>
public sealed class MispFeedTests(MispFeedTests.Fixture fixture) : IClassFixture<MispFeedTests.Fixture>
{
    public sealed record Seeded(Guid Clear, Guid Green, Guid Amber, Guid Red, Guid Mixed, string ClearValue, string GreenValue,
        string AmberCanary, string RedCanary, string RedRefCanary);

    public sealed class Fixture : ServerFixture
    {
        private readonly Dictionary<DatabaseKind, Task<Seeded>> _seeded = [];
        private readonly Lock _gate = new();

        public Task<Seeded> SeededAsync(DatabaseKind kind)
        {
            lock (_gate)
            {
                if (!_seeded.TryGetValue(kind, out var s)) _seeded[kind] = s = SeedAsync(kind);
                return s;
            }
        }

        private async Task<Seeded> SeedAsync(DatabaseKind kind)
        {
            var server = await ServerAsync(kind);
            using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
            using var bank = await server.ApiClientAsync(TaxiiApi.BankReporter);
            var tag = Guid.NewGuid().ToString("N")[..12];
            var s = new Seeded(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
                $"clear-{tag}.example.org", $"green-{tag}.example.org", $"kzcanary-misp-amber-{tag}", $"kzcanary-misp-red-{tag}", $"kzcanary-misp-redref-{tag}");
            await ImportAsync(nisc, "community", Event(s.Clear, "tlp:clear", "Clear event", ("domain", s.ClearValue, true), ("ip-dst", "192.0.2.10", false)));
            await ImportAsync(nisc, "community", Event(s.Green, "tlp:green", "Green event", ("domain", s.GreenValue, true)));
            await ImportAsync(bank, "inbox-hikari-bank", Event(s.Amber, "tlp:amber", $"Amber {s.AmberCanary}", ("domain", $"{s.AmberCanary}.example.org", true)));
            await ImportAsync(bank, "inbox-hikari-bank", Event(s.Red, "tlp:red", $"Red {s.RedCanary}", ("domain", $"{s.RedCanary}.example.org", true)));

            // A RED indicator in the bank's inbox, and a CLEAR report in the community that lists it beside a CLEAR one.
            using var bankTaxii = await TaxiiApi.ClientAsync(server, TaxiiApi.BankReporter);
            var redIndicator = TaxiiApi.Indicator(tlp: Tlp.Red, name: $"Red ref {s.RedRefCanary}");
            redIndicator["pattern"] = $"[domain-name:value = '{s.RedRefCanary}.example.org']";
            await TaxiiApi.PostAsync(bankTaxii, "inbox-hikari-bank", redIndicator);
            using var niscTaxii = await TaxiiApi.ClientAsync(server, TaxiiApi.Nisc);
            var clearIndicator = TaxiiApi.Indicator(tlp: Tlp.Clear, name: "Clear ref");
            clearIndicator["pattern"] = $"[domain-name:value = 'ref-{s.ClearValue}']";
            var report = new JsonObject
            {
                ["type"] = "report", ["spec_version"] = "2.1", ["id"] = $"report--{s.Mixed:D}", ["created"] = TaxiiApi.Stamp(TaxiiApi.T0),
                ["modified"] = TaxiiApi.Stamp(TaxiiApi.T0), ["name"] = "Mixed report", ["published"] = TaxiiApi.Stamp(TaxiiApi.T0),
                ["object_refs"] = new JsonArray(redIndicator["id"]!.GetValue<string>(), clearIndicator["id"]!.GetValue<string>()),
                ["object_marking_refs"] = new JsonArray(TlpMarkings.StixId(Tlp.Clear)),
            };
            var status = await TaxiiApi.PostAsync(niscTaxii, "community", clearIndicator, report);
            Assert.Equal(2, status["success_count"]!.GetValue<int>());
            return s;
        }
    }

    public static TheoryData<DatabaseKind, string> EveryUser()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var user in DemoUsers.All)
                data.Add(kind, user.Email);
        return data;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PublicFeed_ExactlyTheClearReports_AndTheirClearContentOnly(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var s = await fixture.SeededAsync(kind);
        using var anonymous = server.CreateClient();

        var manifest = await GetJsonAsync(anonymous, "/misp-feed/manifest.json");
        var listed = manifest.EnumerateObject().Select(p => Guid.Parse(p.Name)).ToHashSet();
        await using (var db = server.NewContext())
        {
            var expected = (await db.StixObjects.AsNoTracking().Where(r => r.IsLatest && r.Type == "report").Select(r => new { r.StixId, r.Distribution.Tlp })
                .ToListAsync(TestContext.Current.CancellationToken)).Where(r => r.Tlp == Tlp.Clear).Select(r => Guid.Parse(r.StixId["report--".Length..])).ToHashSet();
            Assert.Equal(expected, listed);
        }
        Assert.Contains(s.Clear, listed);
        Assert.Contains(s.Mixed, listed);
        Assert.DoesNotContain(s.Green, listed);
        var entry = manifest.GetProperty(s.Clear.ToString("D"));
        Assert.Equal("Clear event", entry.GetProperty("info").GetString());
        Assert.Equal("tlp:clear", entry.GetProperty("Tag")[0].GetProperty("name").GetString());

        var clear = (await GetJsonAsync(anonymous, $"/misp-feed/{s.Clear:D}.json")).GetProperty("Event");
        Assert.Contains(clear.GetProperty("Attribute").EnumerateArray(), a => a.GetProperty("value").GetString() == s.ClearValue);
        await Problems.AssertAsync(await anonymous.GetAsync($"/misp-feed/{s.Green:D}.json"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await anonymous.GetAsync("/misp-feed/not-a-uuid.json"), HttpStatusCode.NotFound);
        // The CLEAR report lists a RED indicator: the public event carries the CLEAR one only.
        var mixed = await (await anonymous.GetAsync($"/misp-feed/{s.Mixed:D}.json")).Content.ReadAsStringAsync();
        Assert.Contains($"ref-{s.ClearValue}", mixed);
        Assert.DoesNotContain(s.RedRefCanary, mixed);

        var hashes = await (await anonymous.GetAsync("/misp-feed/hashes.csv")).Content.ReadAsStringAsync();
        Assert.Contains($"{Md5(s.ClearValue)},{s.Clear:D}", hashes);
        Assert.DoesNotContain(Md5(s.GreenValue), hashes);
        Assert.DoesNotContain(Md5($"{s.RedRefCanary}.example.org"), hashes);
    }

    [Theory, MemberData(nameof(EveryUser))]
    public async Task MemberFeedAndExport_EachUserExactlyWhatItMaySee_RedNeverByFeed(DatabaseKind kind, string email)
    {
        var server = await fixture.ServerAsync(kind);
        var s = await fixture.SeededAsync(kind);
        var user = DemoUsers.All.Single(u => u.Email == email);
        using var client = await server.ApiClientAsync(email, "read");

        var manifest = await GetJsonAsync(client, "/misp-feed/member/manifest.json");
        var listed = manifest.EnumerateObject().Select(p => Guid.Parse(p.Name)).ToHashSet();
        Assert.Equal(await ExpectedAsync(server, email), listed);
        var inboxReader = user.Org is "HIKARI-BANK" or "NISC";
        Assert.Equal(inboxReader, listed.Contains(s.Amber));
        Assert.DoesNotContain(s.Red, listed);
        Assert.Contains(s.Green, listed);

        // Every channel a member has: the feed's manifest, hashes and event files, and the export API.
        var bodies = new List<(string Path, string Body)>();
        foreach (var path in new[] { "/misp-feed/member/manifest.json", "/misp-feed/member/hashes.csv" }
                     .Concat(listed.Select(u => $"/misp-feed/member/{u:D}.json")))
            bodies.Add((path, await (await client.GetAsync(path)).Content.ReadAsStringAsync()));
        foreach (var body in bodies)
        {
            Assert.DoesNotContain(s.RedCanary, body.Body);
            Assert.DoesNotContain(s.RedRefCanary, body.Body);
            Assert.DoesNotContain(Md5($"{s.RedCanary}.example.org"), body.Body);
            if (!inboxReader) Assert.DoesNotContain(s.AmberCanary, body.Body);
        }
        await Problems.AssertAsync(await client.GetAsync($"/misp-feed/member/{s.Red:D}.json"), HttpStatusCode.NotFound);

        // The export API: RED and AMBER inbox reports only for the bank and the coordinator; the mixed report's RED reference likewise.
        var red = await client.GetAsync($"{Events}/report--{s.Red:D}");
        Assert.Equal(inboxReader ? HttpStatusCode.OK : HttpStatusCode.NotFound, red.StatusCode);
        Assert.Equal(inboxReader, (await red.Content.ReadAsStringAsync()).Contains(s.RedCanary, StringComparison.Ordinal));
        var amber = await client.GetAsync($"{Events}/{s.Amber:D}");
        Assert.Equal(inboxReader ? HttpStatusCode.OK : HttpStatusCode.NotFound, amber.StatusCode);
        var mixed = await (await client.GetAsync($"{Events}/report--{s.Mixed:D}")).Content.ReadAsStringAsync();
        Assert.Contains($"ref-{s.ClearValue}", mixed);
        Assert.Equal(inboxReader, mixed.Contains(s.RedRefCanary, StringComparison.Ordinal));
    }

    /// <summary>The reports a user's member feed must list, stated again from the policy in memory: readable collection, CanSee, up to AMBER.</summary>
    private static async Task<HashSet<Guid>> ExpectedAsync(KizunaTestServer server, string email)
    {
        using var scope = server.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<Kizuna.Core.Data.KizunaDb>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        var viewer = (await sp.GetRequiredService<ViewerFactory>().ForUserAsync(userId, TestContext.Current.CancellationToken))!;
        var readable = (await sp.GetRequiredService<TaxiiCollections>().ListAsync(viewer, TestContext.Current.CancellationToken))
            .Where(a => a.CanRead).Select(a => a.Collection.Id).ToHashSet();
        var rows = await db.StixObjects.AsNoTracking().Where(r => r.IsLatest && r.Type == "report").ToListAsync(TestContext.Current.CancellationToken);
        return rows.Where(r => readable.Contains(r.CollectionId) && r.Distribution.Tlp <= Tlp.Amber && DisclosurePolicy.CanSee(viewer, r))
            .Select(r => Guid.Parse(r.StixId["report--".Length..])).ToHashSet();
    }

    private static string Md5(string value) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
}
