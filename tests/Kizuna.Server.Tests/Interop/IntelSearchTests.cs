using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Interop;

/// <summary>
/// Searchable intelligence (<c>GET /api/v1/intel</c>, <c>/intel</c>, <c>/intel/{id}</c>): text, type,
/// sector, collection, TLP, date and cursor; bad input is a 400 problem; and the leak hunt: a TLP:RED
/// inbox object and another organisation's inbox object never reach an outsider's results, details
/// or pages, not even through a visible object that refers to them.
/// </summary>
public sealed class IntelSearchTests(IntelSearchTests.Fixture fixture) : IClassFixture<IntelSearchTests.Fixture>
{
    private static readonly string[] MaySeeBankInbox = ["HIKARI-BANK", "NISC"];

    public sealed record Seeded(string Tag, string RedId, string AmberId, string PowerId, string FinanceId, string IdentityId, string CommunityId, string RelationshipId);

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
            var tag = $"kzintel{Guid.NewGuid():N}"[..20];
            using var bank = await ClientAsync(server, BankReporter);
            using var power = await ClientAsync(server, PowerReporter);
            using var nisc = await ClientAsync(server, Nisc);

            var red = Indicator(tlp: Tlp.Red, name: $"Red {tag}");
            red["pattern"] = $"[domain-name:value = 'red-{tag}.example.net']";
            var amber = Indicator(name: $"Amber {tag}");
            amber["pattern"] = $"[domain-name:value = 'amber-{tag}.example.net']";
            await PostAsync(bank, "inbox-hikari-bank", red, amber);
            var powerObject = Indicator(name: $"Power {tag}");
            powerObject["pattern"] = $"[domain-name:value = 'power-{tag}.example.net']";
            await PostAsync(power, "inbox-akebono-power", powerObject);

            var finance = Indicator(tlp: Tlp.Green, name: $"Finance {tag}");
            finance["pattern"] = $"[domain-name:value = 'evil-{tag}.example.com']";
            await PostAsync(nisc, "sector-finance", finance);
            var identity = new JsonObject
            {
                ["type"] = "identity", ["spec_version"] = "2.1", ["id"] = $"identity--{Guid.NewGuid():D}", ["created"] = Stamp(T0), ["modified"] = Stamp(T0),
                ["name"] = $"Bank ISAC {tag}", ["identity_class"] = "organization", ["sectors"] = new JsonArray("financial-services"),
            };
            var community = Indicator(tlp: Tlp.Green, name: $"Community {tag}", created: T0.AddDays(-40));
            community["pattern"] = $"[url:value = 'http://phish-{tag}.example.org/login']";
            var relationship = new JsonObject
            {
                ["type"] = "relationship", ["spec_version"] = "2.1", ["id"] = $"relationship--{Guid.NewGuid():D}", ["created"] = Stamp(T0), ["modified"] = Stamp(T0),
                ["relationship_type"] = "related-to", ["description"] = $"Link {tag}", ["source_ref"] = community["id"]!.DeepClone(), ["target_ref"] = red["id"]!.DeepClone(),
                ["object_marking_refs"] = new JsonArray(TlpMarkings.StixId(Tlp.Green)),
            };
            await PostAsync(nisc, "community", identity, community, relationship);
            return new Seeded(tag, Id(red), Id(amber), Id(powerObject), Id(finance), Id(identity), Id(community), Id(relationship));
        }

        private static string Id(JsonObject o) => o["id"]!.GetValue<string>();
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/intel?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/intel?{query}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["rows"]!.AsArray().Select(r => r!["stixId"]!.GetValue<string>()).ToList();
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_DefangedMixedCaseText_FindsByPatternAndName(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var s = await fixture.SeededAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        Assert.Equal([s.FinanceId], await IdsAsync(nisc, $"q={Uri.EscapeDataString($"EVIL-{s.Tag.ToUpperInvariant()}[.]example[.]com")}"));
        Assert.Equal([s.IdentityId], await IdsAsync(nisc, $"q={Uri.EscapeDataString($"bank isac {s.Tag}")}"));
        Assert.Equal([s.CommunityId], await IdsAsync(nisc, $"q={Uri.EscapeDataString($"hxxp://phish-{s.Tag}[.]example[.]org")}"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_Filters_TypeSectorCollectionTlpAndDates(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var s = await fixture.SeededAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var q = "q=" + s.Tag;
        // The finance sector: its collection's objects, and the identity whose industry sector maps to it.
        Assert.Equal(new[] { s.IdentityId, s.FinanceId }.Order(StringComparer.Ordinal), (await IdsAsync(nisc, q + "&sector=finance")).Order(StringComparer.Ordinal));
        Assert.Empty(await IdsAsync(nisc, q + "&sector=electricity"));
        Assert.Equal([s.IdentityId], await IdsAsync(nisc, q + "&type=identity"));
        Assert.Equal(new[] { s.AmberId, s.RedId }.Order(StringComparer.Ordinal), (await IdsAsync(nisc, q + "&collection=inbox-hikari-bank")).Order(StringComparer.Ordinal));
        Assert.Equal([s.RedId], await IdsAsync(nisc, q + "&tlp=RED"));
        Assert.Equal(new[] { s.AmberId, s.PowerId }.Order(StringComparer.Ordinal), (await IdsAsync(nisc, q + "&tlp=amber")).Order(StringComparer.Ordinal));
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.Empty(await IdsAsync(nisc, q + "&from=" + future));
        Assert.Equal(8 - 1, (await IdsAsync(nisc, q + "&to=" + future)).Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_Limit_PagesByCursorWithoutRepeats(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var s = await fixture.SeededAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var seen = new List<string>();
        string? before = null;
        for (var i = 0; i < 20; i++)
        {
            var response = await nisc.GetAsync($"/api/v1/intel?q={s.Tag}&limit=2" + (before is null ? "" : "&before=" + before));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var rows = body["rows"]!.AsArray();
            Assert.True(rows.Count <= 2);
            seen.AddRange(rows.Select(r => r!["stixId"]!.GetValue<string>()));
            before = body["before"]?.ToString();
            if (before is null) break;
        }
        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("sector=atlantis", "sector")]
    [InlineData("tlp=PURPLE", "tlp")]
    [InlineData("collection=inbox-nowhere", "collection")]
    [InlineData("before=0", "before")]
    [InlineData("from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z", "from")]
    public async Task Search_BadInput_IsAProblemNamingTheField(string query, string field)
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        using var nisc = await server.ApiClientAsync(Nisc);
        var problem = await Problems.AssertAsync(await nisc.GetAsync("/api/v1/intel?" + query), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
    }

    [Fact]
    public async Task Search_QueryLongerThanTheLimit_IsAProblem()
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        using var nisc = await server.ApiClientAsync(Nisc);
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/intel?q=" + new string('a', 201)), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await nisc.GetAsync("/api/v1/intel?q=" + new string('a', 200))).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Detail_Object_ShowsSectorsCollectionsAndReferencesBothWays(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var s = await fixture.SeededAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var community = JsonNode.Parse(await nisc.GetStringAsync($"/api/v1/intel/{s.CommunityId}"))!;
        Assert.Equal(["community"], community["collections"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains(community["referencedBy"]!.AsArray(), r => r!["stixId"]!.GetValue<string>() == s.RelationshipId);
        Assert.Contains($"hxxp://phish-{s.Tag}[.]example[.]org/login", community["json"]!.GetValue<string>());
        Assert.DoesNotContain($"http://phish-{s.Tag}", community["json"]!.GetValue<string>());
        // The coordinator reads the bank's inbox: the relationship leads it to the red object.
        var relationship = JsonNode.Parse(await nisc.GetStringAsync($"/api/v1/intel/{s.RelationshipId}"))!;
        Assert.Equal(new[] { s.CommunityId, s.RedId }.Order(StringComparer.Ordinal), relationship["references"]!.AsArray().Select(r => r!["stixId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var identity = JsonNode.Parse(await nisc.GetStringAsync($"/api/v1/intel/{s.IdentityId}"))!;
        Assert.Equal(["finance"], identity["row"]!["sectors"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    public static TheoryData<DatabaseKind, string> EveryUser()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var user in DemoUsers.All)
                data.Add(kind, user.Email);
        return data;
    }

    [Theory, MemberData(nameof(EveryUser))]
    public async Task LeakHunt_InboxObjects_OnlyTheirOrganisationAndTheCoordinator(DatabaseKind kind, string email)
    {
        var server = await fixture.ServerAsync(kind);
        var s = await fixture.SeededAsync(kind);
        var user = DemoUsers.All.Single(u => u.Email == email);
        var seesBank = MaySeeBankInbox.Contains(user.Org);
        var seesPower = user.Org is "AKEBONO-POWER" or "NISC";
        using var api = await server.ApiClientAsync(email, "read");

        var all = await IdsAsync(api, $"q={s.Tag}&limit=200");
        Assert.Equal(seesBank, all.Contains(s.RedId));
        Assert.Equal(seesBank, all.Contains(s.AmberId));
        Assert.Equal(seesPower, all.Contains(s.PowerId));
        foreach (var filter in new[] { "tlp=RED", "collection=inbox-hikari-bank", "type=indicator", $"q={Uri.EscapeDataString("Red " + s.Tag)}", "sector=finance" })
        {
            var response = await api.GetAsync($"/api/v1/intel?q={s.Tag}&{filter}");
            var body = await response.Content.ReadAsStringAsync();
            if (!seesBank) Assert.DoesNotContain($"red-{s.Tag}", body);
            if (!seesBank) Assert.DoesNotContain(s.RedId, body);
        }
        foreach (var (id, sees) in new[] { (s.RedId, seesBank), (s.AmberId, seesBank), (s.PowerId, seesPower) })
        {
            var response = await api.GetAsync($"/api/v1/intel/{id}");
            if (sees) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            else await Problems.AssertAsync(response, HttpStatusCode.NotFound);
        }
        // A visible relationship that points at the red object does not reveal it.
        if (all.Contains(s.RelationshipId))
        {
            var body = await api.GetStringAsync($"/api/v1/intel/{s.RelationshipId}");
            Assert.Equal(seesBank, body.Contains($"\"stixId\":\"{s.RedId}\""));
            if (!seesBank) Assert.DoesNotContain($"Red {s.Tag}", body);
        }

        // The pages: the list, the search and the detail.
        using var browser = await server.SignInAsync(email);
        var list = await browser.GetStringAsync($"/intel?q={s.Tag}");
        Assert.Equal(seesBank, list.Contains($"red-{s.Tag}"));
        var page = await browser.GetAsync($"/intel/{s.RedId}");
        Assert.Equal(seesBank ? HttpStatusCode.OK : HttpStatusCode.NotFound, page.StatusCode);
        if (!seesBank) Assert.DoesNotContain($"red-{s.Tag}", await page.Content.ReadAsStringAsync());
    }
}
