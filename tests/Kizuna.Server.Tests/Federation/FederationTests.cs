using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Federation;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Federation;

/// <summary>TAXII federation: two Kizuna servers on loopback both ways, peers that are down, answer garbage or page badly.</summary>
public sealed class FederationTests(FederationFixture fixture) : IClassFixture<FederationFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TwoKizunaServers_FederateBothWays_WithinTheAgreement(DatabaseKind kind)
    {
        var a = await fixture.ServerAsync(kind);
        var b = await fixture.SecondAsync(kind);
        using var aNisc = await ClientAsync(a, Nisc);
        using var bNisc = await ClientAsync(b, Nisc);

        var green = Indicator(tlp: Tlp.Green, name: "A green");
        var amber = Indicator(tlp: Tlp.Amber, name: "A amber");
        var clear = Indicator(tlp: Tlp.Clear, name: "A clear");
        var red = Indicator(tlp: Tlp.Red, name: "A red secret");
        await PostAsync(aNisc, "community", green, amber, clear);
        await PostAsync(aNisc, "inbox-nisc", red);
        var fromB = Indicator(tlp: Tlp.Green, name: "B green");
        await PostAsync(bNisc, "community", fromB);

        // A pulls B's community and pushes its community and NISC inbox (up to GREEN) to B's NISC inbox; B the same way back.
        await CreatePeerAsync(a, "b", new Uri(b.BaseAddress, "/taxii2/kizuna/"), "community", "inbox-nisc", "basic", Nisc, await b.TokenForAsync(Nisc), "GREEN", ["community", "inbox-nisc"]);
        await CreatePeerAsync(b, "a", new Uri(a.BaseAddress, "/taxii2/kizuna/"), "community", "inbox-nisc", "bearer", null, await a.TokenForAsync(Nisc), "GREEN", ["community"]);

        var runA = await RunAsync(a, "b");
        Assert.Null(runA.Error);
        var runB = await RunAsync(b, "a");
        Assert.Null(runB.Error);

        // Pulled: what B's NISC may read of A's community is in B's peer-a, with its own TLP; and the other way.
        var bPeerA = await PeerCollectionAsync(b, "a");
        Assert.Contains(Id(green), bPeerA.Keys);
        Assert.Contains(Id(clear), bPeerA.Keys);
        Assert.Equal(Tlp.Amber, bPeerA[Id(amber)]);
        Assert.Equal(Tlp.Green, bPeerA[Id(green)]);
        var aPeerB = await PeerCollectionAsync(a, "b");
        Assert.Contains(Id(fromB), aPeerB.Keys);

        // Provenance: the collection names the peer; members of B read it through the disclosure policy.
        using var bBank = await ClientAsync(b, BankReporter, "read");
        var (_, collection) = await GetAsync(bBank, $"{Root}/collections/peer-a/");
        Assert.Contains("Peer a", collection["title"]!.GetValue<string>());
        Assert.Contains(a.BaseAddress.Authority, collection["description"]!.GetValue<string>());
        Assert.False(collection["can_write"]!.GetValue<bool>());
        var (_, objects) = await GetAsync(bBank, $"{Root}/collections/peer-a/objects/?match[version]=all&limit=1000");
        Assert.Contains(Id(green), IdsOf(objects));

        // Pushed: GREEN and CLEAR reached B's NISC inbox; AMBER (over the agreement) and RED never did, anywhere on B.
        var bInbox = await CollectionIdsAsync(b, "inbox-nisc");
        Assert.Contains(Id(green), bInbox);
        Assert.Contains(Id(clear), bInbox);
        Assert.DoesNotContain(Id(amber), bInbox);
        await using (var db = b.NewContext())
        {
            Assert.False(await db.StixObjects.AnyAsync(o => o.StixId == Id(red)));
            Assert.False(await db.StixObjects.AnyAsync(o => o.Json.Contains("A red secret")));
        }
        Assert.Contains(Id(fromB), await CollectionIdsAsync(a, "inbox-nisc"));

        // Loop prevention: B's analyst forwards A's object into B's community; B never pushes it back to A.
        await PostAsync(bNisc, "community", green);
        var again = await RunAsync(b, "a");
        Assert.Null(again.Error);
        var aInbox = await CollectionIdsAsync(a, "inbox-nisc");
        Assert.DoesNotContain(Id(green), aInbox);

        // A re-pull from scratch duplicates nothing.
        var before = (await PeerCollectionAsync(b, "a")).Count;
        var pulledBefore = (await PeerAsync(b, "a")).ObjectsPulled;
        await using (var db = b.NewContext())
            await db.FederationPeers.Where(p => p.Code == "a").ExecuteUpdateAsync(s => s.SetProperty(p => p.WatermarkAddedAt, (DateTimeOffset?)null).SetProperty(p => p.WatermarkKeys, "[]"));
        var repull = await RunAsync(b, "a");
        Assert.Null(repull.Error);
        Assert.Equal(0, repull.Pulled);
        Assert.Equal(before, (await PeerCollectionAsync(b, "a")).Count);
        var health = await PeerAsync(b, "a");
        Assert.Equal(pulledBefore, health.ObjectsPulled);
        Assert.NotNull(health.LastSuccessAt);
        Assert.Null(health.LastError);
        Assert.Equal(0, health.ConsecutiveFailures);
        Assert.True(health.ObjectsPushed >= 1);
        Assert.NotNull(health.WatermarkAddedAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PeerDownOrAnsweringGarbage_RecordsTheError_BacksOff_LosesNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var code = "junk-" + kind.ToString().ToLowerInvariant();
        await using var fake = await FakeTaxiiPeer.StartAsync();
        var t0 = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var objects = Enumerable.Range(0, 8).Select(i => Indicator(tlp: Tlp.Green, name: $"fake {i}")).ToList();
        for (var i = 0; i < objects.Count; i++) fake.Add(objects[i], t0.AddSeconds(i));

        // Down: nothing listens on the port.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await CreatePeerAsync(server, code, new Uri($"http://127.0.0.1:{port}/api1/"), "feed", null, "none", null, null, "CLEAR", []);
        var down = await RunAsync(server, code);
        Assert.Contains("could not connect", down.Error);
        var first = await PeerAsync(server, code);
        Assert.Equal(1, first.ConsecutiveFailures);
        Assert.Equal(down.Error, first.LastError);
        var wait1 = first.NextAttemptAt - first.LastAttemptAt!.Value;
        Assert.InRange(wait1, FederationFixture.BackoffBase, FederationFixture.BackoffBase * 1.21);
        await RunAsync(server, code);
        var second = await PeerAsync(server, code);
        Assert.Equal(2, second.ConsecutiveFailures);
        Assert.InRange(second.NextAttemptAt - second.LastAttemptAt!.Value, FederationFixture.BackoffBase * 2, FederationFixture.BackoffBase * 2 * 1.21);

        // Up but answering garbage, one kind after another: each is named.
        await UpdatePeerAsync(server, code, new Uri(fake.ApiRoot));
        var garbage = new (Func<HttpContext, Task> Answer, string Expected)[]
        {
            (ctx => { ctx.Response.StatusCode = 500; return ctx.Response.WriteAsync("boom"); }, "500"),
            (ctx => { ctx.Response.ContentType = "text/html"; return ctx.Response.WriteAsync("<html>login</html>"); }, "not TAXII JSON"),
            (ctx => { ctx.Response.ContentType = "application/taxii+json;version=2.1"; return ctx.Response.WriteAsync("{\"objects\": [ {\"id\": "); }, "not JSON"),
            (ctx => { ctx.Response.ContentType = "application/taxii+json;version=2.1"; return ctx.Response.WriteAsync("{\"objects\": \"many\"}"); }, "not a list"),
            (ctx => { ctx.Response.ContentType = "application/taxii+json;version=2.1"; return ctx.Response.WriteAsync(new string(' ', (int)FederationFixture.MaxResponseBytes + 10) + "{}"); }, "larger than"),
        };
        foreach (var (answer, expected) in garbage)
        {
            fake.Override = async (ctx, _) => { await answer(ctx); return true; };
            var run = await RunAsync(server, code);
            Assert.Contains(expected, run.Error);
            Assert.Contains(expected, (await PeerAsync(server, code)).LastError);
        }
        Assert.Equal(2 + garbage.Length, (await PeerAsync(server, code)).ConsecutiveFailures);
        Assert.Empty(await PeerCollectionAsync(server, code));

        // The first page arrives, the second fails: the first is kept and the watermark stays with it.
        var requests = fake.Requests;
        fake.Override = async (ctx, n) =>
        {
            if (n != requests + 2) return false;
            ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("try later");
            return true;
        };
        var half = await RunAsync(server, code);
        Assert.Contains("503", half.Error);
        Assert.Equal(FederationFixture.PageSize, (await PeerCollectionAsync(server, code)).Count);

        // Back to health: the rest arrives, each object once; the failures are cleared.
        fake.Override = null;
        var healed = await RunAsync(server, code);
        Assert.Null(healed.Error);
        var stored = await PeerCollectionAsync(server, code);
        Assert.Equal(objects.Select(Id).OrderBy(x => x), stored.Keys.OrderBy(x => x));
        var peer = await PeerAsync(server, code);
        Assert.Equal(0, peer.ConsecutiveFailures);
        Assert.Equal(objects.Count, peer.ObjectsPulled);
        Assert.NotNull(peer.LastSuccessAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PeerThatPagesBadly_ManyObjectsAtOneInstantWithoutNext_DeliversEachOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var code = "bad-paging-" + kind.ToString().ToLowerInvariant();
        await using var fake = await FakeTaxiiPeer.StartAsync();
        var instant = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var same = Enumerable.Range(0, 12).Select(i => Indicator(tlp: Tlp.Green, name: $"same instant {i}")).ToList();
        foreach (var o in same) fake.Add(o, instant);
        var later = Indicator(tlp: Tlp.Clear, name: "later");
        fake.Add(later, instant.AddSeconds(1));
        var red = Indicator(tlp: Tlp.Red, name: "peer red");
        fake.Add(red, instant.AddSeconds(1));
        var strict = Indicator(tlp: Tlp.AmberStrict, name: "peer amber strict");
        fake.Add(strict, instant.AddSeconds(1));
        var broken = new JsonObject { ["type"] = "indicator", ["id"] = "indicator--not-a-uuid", ["spec_version"] = "2.1" };
        fake.Add(broken, instant.AddSeconds(2));

        await CreatePeerAsync(server, code, new Uri(fake.ApiRoot), "feed", null, "none", null, null, "CLEAR", []);
        var run = await RunAsync(server, code);
        Assert.Null(run.Error);
        var stored = await PeerCollectionAsync(server, code);
        Assert.Equal(same.Append(later).Select(Id).OrderBy(x => x), stored.Keys.OrderBy(x => x));
        Assert.Equal(13, run.Pulled);
        Assert.Equal(3, run.Refused);
        var peer = await PeerAsync(server, code);
        Assert.Equal(3, peer.ObjectsRefused);
        Assert.Contains("TLP:RED", peer.LastRefusal);
        Assert.Equal(instant.AddSeconds(2), peer.WatermarkAddedAt);

        // Again: nothing new, nothing twice.
        var again = await RunAsync(server, code);
        Assert.Null(again.Error);
        Assert.Equal(0, again.Pulled);
        Assert.Equal(13, (await PeerCollectionAsync(server, code)).Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Push_FailedPostMovesNothing_ThenEachObjectIsPostedOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var code = "push-" + kind.ToString().ToLowerInvariant();
        await using var fake = await FakeTaxiiPeer.StartAsync();
        var posted = new List<string>();
        var failNext = true;
        fake.Override = async (ctx, _) =>
        {
            if (!HttpMethods.IsPost(ctx.Request.Method)) return false;
            if (failNext)
            {
                failNext = false;
                ctx.Response.StatusCode = 500;
                await ctx.Response.WriteAsync("down for maintenance");
                return true;
            }
            Assert.Equal("/api1/collections/feed/objects/", ctx.Request.Path.Value);
            Assert.StartsWith("application/taxii+json", ctx.Request.ContentType);
            var envelope = (await JsonNode.ParseAsync(ctx.Request.Body))!.AsObject();
            var ids = envelope["objects"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();
            lock (posted) posted.AddRange(ids);
            ctx.Response.StatusCode = 202;
            ctx.Response.ContentType = "application/taxii+json;version=2.1";
            await ctx.Response.WriteAsync(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString("D"), ["status"] = "complete", ["total_count"] = ids.Count,
                ["success_count"] = ids.Count, ["failure_count"] = 0, ["pending_count"] = 0,
            }.ToJsonString());
            return true;
        };
        using var nisc = await ClientAsync(server, Nisc);
        var first = Enumerable.Range(0, 3).Select(i => Indicator(tlp: Tlp.Clear, name: $"push {i}")).ToArray();
        await PostAsync(nisc, "tlp-clear", first);
        await CreatePeerAsync(server, code, new Uri(fake.ApiRoot), null, "feed", "none", null, null, "CLEAR", ["tlp-clear"]);

        var failed = await RunAsync(server, code);
        Assert.Contains("500", failed.Error);
        var peer = await PeerAsync(server, code);
        Assert.Equal(0, peer.PushCursor);
        Assert.Equal(1, peer.ConsecutiveFailures);
        Assert.Empty(posted);

        var ok = await RunAsync(server, code);
        Assert.Null(ok.Error);
        Assert.Equal(3, ok.Pushed);
        Assert.Null((await RunAsync(server, code)).Error);
        var fourth = Indicator(tlp: Tlp.Clear, name: "push 4");
        await PostAsync(nisc, "tlp-clear", fourth);
        Assert.Null((await RunAsync(server, code)).Error);
        Assert.Equal(first.Append(fourth).Select(Id).OrderBy(x => x), posted.OrderBy(x => x));
        peer = await PeerAsync(server, code);
        Assert.Equal(4, peer.ObjectsPushed);
        Assert.Equal(0, peer.ConsecutiveFailures);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Scheduler_RunsDuePeersOnce_AndOneRunPerPeerAtATime(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var code = "sched-" + kind.ToString().ToLowerInvariant();
        await using var fake = await FakeTaxiiPeer.StartAsync();
        fake.Add(Indicator(tlp: Tlp.Green, name: "scheduled"), new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero));
        using (var client = await server.ApiClientAsync(Nisc))
        {
            var body = Body(code, fake.ApiRoot, "feed", null, "none", null, null, "CLEAR", [], enabled: true);
            var response = await client.PostAsJsonAsync("/api/v1/federation/peers", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        var worker = server.Services.GetRequiredService<FederationWorker>();
        var round = await worker.RunDueAsync();
        Assert.Null(Assert.Single(round, r => r.Code == code).Error);
        Assert.Single(await PeerCollectionAsync(server, code));
        // Not due again before its interval.
        Assert.DoesNotContain(await worker.RunDueAsync(), r => r.Code == code);

        // Two runs at once (two nodes, or pull now during a scheduled run): one works, the other stands aside.
        var gate = new TaskCompletionSource();
        fake.Override = async (ctx, _) => { await gate.Task; return false; };
        var runs = new[] { RunAsync(server, code), RunAsync(server, code) };
        var done = await Task.WhenAny(runs);
        Assert.Equal(Kizuna.Core.Leases.LeasedRun.HeldElsewhere, (await done).Run);
        gate.SetResult();
        var all = await Task.WhenAll(runs);
        Assert.Single(all, r => r.Run == Kizuna.Core.Leases.LeasedRun.Ran && r.Error is null);
        using var api = await server.ApiClientAsync(Nisc);
        var pulled = await api.PostAsync($"/api/v1/federation/peers/{code}/pull", null);
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        var result = JsonNode.Parse(await pulled.Content.ReadAsStringAsync())!;
        Assert.Null(result["error"]);
        Assert.Equal(code, result["peer"]!["code"]!.GetValue<string>());
        Assert.Single(await PeerCollectionAsync(server, code));
        await using (var db = server.NewContext())
            await db.FederationPeers.Where(p => p.Code == code).ExecuteUpdateAsync(s => s.SetProperty(p => p.Enabled, false));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PeersApi_IsForTheCoordinator_ChecksInput_AndNeverShowsTheSecret(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bank = await server.ApiClientAsync(DemoUsers.Of("HIKARI-BANK", "org-admin"));
        await Problems.AssertAsync(await bank.GetAsync("/api/v1/federation/peers"), HttpStatusCode.Forbidden);
        using var nisc = await server.ApiClientAsync(Nisc);
        var code = "api-" + kind.ToString().ToLowerInvariant();
        const string secret = "kzn_peer-secret-that-must-never-come-back";

        var bad = await nisc.PostAsJsonAsync("/api/v1/federation/peers", Body(code, "https://peer.example/taxii2/kizuna/", "community", "community", "bearer", null, secret, "RED", ["no-such-collection"]));
        var problem = await Problems.AssertAsync(bad, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("maxPushTlp", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("pushedCollections", out _), problem.ToString());
        var strict = await nisc.PostAsJsonAsync("/api/v1/federation/peers", Body(code, "ftp://peer.example/", null, null, "basic", null, null, "AMBER+STRICT", []));
        var strictErrors = (await Problems.AssertAsync(strict, HttpStatusCode.BadRequest)).GetProperty("errors");
        foreach (var field in new[] { "apiRoot", "authUser", "secret", "maxPushTlp" }) Assert.True(strictErrors.TryGetProperty(field, out _), field);
        await using (var db = server.NewContext()) Assert.False(await db.FederationPeers.AnyAsync(p => p.Code == code));

        var created = await nisc.PostAsJsonAsync("/api/v1/federation/peers", Body(code, "https://peer.example/taxii2/kizuna/", "community", "community", "bearer", null, secret, "AMBER", ["community"]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(secret, await created.Content.ReadAsStringAsync());
        await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/federation/peers", Body(code, "https://peer.example/", null, null, "none", null, null, "CLEAR", [])), HttpStatusCode.Conflict);
        var list = await nisc.GetStringAsync("/api/v1/federation/peers");
        var one = await nisc.GetStringAsync($"/api/v1/federation/peers/{code}");
        Assert.DoesNotContain(secret, list + one);
        Assert.Contains("\"hasSecret\":true", one);
        await using (var db = server.NewContext())
        {
            var stored = await db.FederationPeers.SingleAsync(p => p.Code == code);
            Assert.DoesNotContain(secret, stored.ProtectedSecret);
        }

        // A change without a secret keeps the stored one.
        var changed = await nisc.PutAsJsonAsync($"/api/v1/federation/peers/{code}", Body(code, "https://peer.example/taxii2/kizuna/", "community", null, "bearer", null, null, "GREEN", []));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Kizuna.Core.Data.KizunaDb>();
            var peer = await db.FederationPeers.SingleAsync(p => p.Code == code);
            Assert.Equal(secret, scope.ServiceProvider.GetRequiredService<PeerSecretProtector>().Unprotect(peer));
            Assert.Equal(Tlp.Green, peer.MaxPushTlp);
        }
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/federation/peers/no-such-peer"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await nisc.DeleteAsync($"/api/v1/federation/peers/{code}")).StatusCode);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/federation/peers/{code}"), HttpStatusCode.NotFound);
    }

    private static string Id(JsonObject o) => o["id"]!.GetValue<string>();

    private static object Body(string code, string apiRoot, string? pull, string? push, string auth, string? user, string? secret, string maxTlp, string[] pushed, bool enabled = false)
        => new { code, name = $"Peer {code}", kind = "kizuna", apiRoot, pullCollection = pull, pushCollection = push, authScheme = auth, authUser = user, secret, maxPushTlp = maxTlp, pushedCollections = pushed, enabled, pullIntervalSeconds = 60 };

    /// <summary>Adds a peer through the API as the coordinator's analyst (disabled: the tests run it, not the scheduler).</summary>
    private static async Task CreatePeerAsync(KizunaTestServer server, string code, Uri apiRoot, string? pull, string? push, string auth, string? user, string? secret, string maxTlp, string[] pushed)
    {
        using var client = await server.ApiClientAsync(Nisc);
        var response = await client.PostAsJsonAsync("/api/v1/federation/peers", Body(code, apiRoot.ToString(), pull, push, auth, user, secret, maxTlp, pushed));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task UpdatePeerAsync(KizunaTestServer server, string code, Uri apiRoot)
    {
        using var client = await server.ApiClientAsync(Nisc);
        var response = await client.PutAsJsonAsync($"/api/v1/federation/peers/{code}", Body(code, apiRoot.ToString(), "feed", null, "none", null, null, "CLEAR", []));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<PeerRunResult> RunAsync(KizunaTestServer server, string code)
    {
        using var scope = server.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FederationSync>().RunAsync(code);
    }

    private static async Task<FederationPeer> PeerAsync(KizunaTestServer server, string code)
    {
        await using var db = server.NewContext();
        return await db.FederationPeers.AsNoTracking().SingleAsync(p => p.Code == code);
    }

    /// <summary>The STIX ids in a peer's collection and their TLP (one row per id expected).</summary>
    private static async Task<Dictionary<string, Tlp>> PeerCollectionAsync(KizunaTestServer server, string code)
    {
        var peer = await PeerAsync(server, code);
        var id = TaxiiCollection.NameBasedId(TaxiiCollections.PeerKey(peer.Id));
        await using var db = server.NewContext();
        var rows = await db.StixObjects.AsNoTracking().Where(o => o.CollectionId == id).Select(o => new { o.StixId, o.Distribution.Tlp }).ToListAsync();
        Assert.Equal(rows.Count, rows.Select(r => r.StixId).Distinct().Count());
        return rows.ToDictionary(r => r.StixId, r => r.Tlp);
    }

    private static async Task<IReadOnlyList<string>> CollectionIdsAsync(KizunaTestServer server, string alias)
    {
        await using var db = server.NewContext();
        var all = await new TaxiiCollections(db, TimeProvider.System).AllAsync();
        var id = all.Single(c => c.Alias == alias).Id;
        return await db.StixObjects.AsNoTracking().Where(o => o.CollectionId == id).Select(o => o.StixId).ToListAsync();
    }
}
