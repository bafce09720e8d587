using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Interop;

/// <summary>
/// A TLP:RED indicator an operator (HIKARI-BANK) puts in its inbox reaches only that operator and
/// the coordinator, through every TAXII endpoint: the collections list, every readable collection's
/// objects and manifest (all versions, filtered by its id and type), the object, its versions.
/// </summary>
public sealed class TaxiiLeakTests(TaxiiLeakTests.Fixture fixture) : IClassFixture<TaxiiLeakTests.Fixture>
{
    private static readonly string[] MaySee = ["HIKARI-BANK", "NISC"];

    public sealed record Secret(string Id, string Canary);

    public sealed class Fixture : ServerFixture
    {
        private readonly Dictionary<DatabaseKind, Task<Secret>> _secrets = [];
        private readonly Lock _gate = new();

        public Task<Secret> SecretAsync(DatabaseKind kind)
        {
            lock (_gate)
            {
                if (!_secrets.TryGetValue(kind, out var s)) _secrets[kind] = s = SeedAsync(kind);
                return s;
            }
        }

        private async Task<Secret> SeedAsync(DatabaseKind kind)
        {
            var server = await ServerAsync(kind);
            using var bank = await ClientAsync(server, BankReporter);
            var canary = $"KZCANARY-TAXII-{Guid.NewGuid():N}";
            var red = Indicator(tlp: Tlp.Red, name: $"Red {canary}");
            var status = await PostAsync(bank, "inbox-hikari-bank", red);
            Assert.Equal(1, status["success_count"]!.GetValue<int>());
            return new Secret(red["id"]!.GetValue<string>(), canary);
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

    [Theory, MemberData(nameof(EveryUser))]
    public async Task RedInboxObject_EveryEndpoint_OnlyTheOperatorAndTheCoordinator(DatabaseKind kind, string email)
    {
        var server = await fixture.ServerAsync(kind);
        var secret = await fixture.SecretAsync(kind);
        var user = DemoUsers.All.Single(u => u.Email == email);
        var sees = MaySee.Contains(user.Org);
        using var client = await ClientAsync(server, email, "read");

        var (_, list) = await GetAsync(client, $"{Root}/collections/");
        var aliases = list["collections"]!.AsArray().Select(c => c!["alias"]!.GetValue<string>()).ToList();
        Assert.Equal(sees, aliases.Contains("inbox-hikari-bank"));
        var seen = false;
        foreach (var alias in aliases)
        {
            var collection = $"{Root}/collections/{alias}";
            var paths = new List<string> { $"{collection}/objects/?match[version]=all&limit=1000", $"{collection}/manifest/?match[version]=all&limit=1000" };
            if (alias is "community" or "sector-finance" or "inbox-hikari-bank" or "tlp-red")
                paths.AddRange([$"{collection}/objects/?match[id]={secret.Id}&match[version]=all", $"{collection}/objects/?match[type]=indicator&limit=1000"]);
            foreach (var path in paths)
            {
                var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"GET {path} as {email}: {(int)response.StatusCode} {body}");
                var shows = body.Contains(secret.Canary, StringComparison.Ordinal) || body.Contains(secret.Id, StringComparison.Ordinal);
                Assert.False(shows && !sees, $"LEAK: GET {path} as {email} ({user.Org}) shows the TLP:RED inbox object.");
                seen |= shows;
            }
        }
        Assert.Equal(sees, seen);

        foreach (var path in new[] { $"{Root}/collections/inbox-hikari-bank/objects/{secret.Id}/", $"{Root}/collections/inbox-hikari-bank/objects/{secret.Id}/versions/" })
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (sees)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(path.EndsWith("versions/") ? "versions" : secret.Canary, body);
            }
            else
            {
                await AssertErrorAsync(response, HttpStatusCode.NotFound);
                Assert.DoesNotContain(secret.Canary, body);
            }
        }
        // Not in any other collection either.
        await AssertErrorAsync(await client.GetAsync($"{Root}/collections/community/objects/{secret.Id}/"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RedInboxObject_ReadByTheCoordinator_IsAudited(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var secret = await fixture.SecretAsync(kind);
        using var nisc = await ClientAsync(server, Nisc, "read");
        var (_, envelope) = await GetAsync(nisc, $"{Root}/collections/inbox-hikari-bank/objects/{secret.Id}/");
        Assert.Equal([secret.Id], IdsOf(envelope));
        await using var db = server.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "item.read" && e.TargetType == "stix-object" && e.TargetId == secret.Id && e.ActorEmail == Nisc),
            "Reading a TLP:RED object wrote no item.read row.");
        // The manifest names it without its content: not a read of the content.
        var before = await db.AuditEntries.CountAsync(e => e.Action == "item.read" && e.TargetId == secret.Id);
        await GetAsync(nisc, $"{Root}/collections/inbox-hikari-bank/manifest/");
        Assert.Equal(before, await db.AuditEntries.CountAsync(e => e.Action == "item.read" && e.TargetId == secret.Id));
    }
}
