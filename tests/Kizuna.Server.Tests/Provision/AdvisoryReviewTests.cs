using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Disclosure;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Provision.ProvisionApi;

namespace Kizuna.Server.Tests.Provision;

/// <summary>Review of the advisory code for leaks: draft edits, the relay's part of the reach board, anonymous answers.</summary>
public sealed class AdvisoryReviewTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public static TheoryData<DatabaseKind> Kinds => new(DatabaseKind.Sqlite, DatabaseKind.Postgres);

    [Theory, MemberData(nameof(Kinds))]
    public async Task EditDraft_NarrowedToRed_LeavesOnlyTheNewAudienceRows(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var bank = await server.ApiClientAsync(BankReporter);
        var draft = await DraftAsync(nisc, Input("Wide then narrow", "AMBER", Audience(("sector", "finance"), ("sector", "electricity"), ("community", "*"))));
        var id = Guid.Parse(draft["id"]!.GetValue<string>());

        var put = await nisc.PutAsJsonAsync($"/api/v1/advisories/{id}", Input("Wide then narrow", "RED", Audience(("organization", "HIKARI-BANK"))));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await using (var db = server.NewContext())
        {
            var stored = await db.Advisories.AsNoTracking().SingleAsync(a => a.Id == id);
            var only = Assert.Single(stored.Distribution.Audience);
            Assert.Equal(AudienceKind.Organization, only.Kind);
        }

        // Edited twice more, back and forth: still exactly the audience last given.
        Assert.Equal(HttpStatusCode.OK, (await nisc.PutAsJsonAsync($"/api/v1/advisories/{id}", Input("Wide then narrow", "AMBER", Audience(("sector", "finance"), ("sector", "water"))))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nisc.PutAsJsonAsync($"/api/v1/advisories/{id}", Input("Wide then narrow", "RED", Audience(("organization", "HIKARI-BANK"))))).StatusCode);
        await using (var db = server.NewContext())
            Assert.Single((await db.Advisories.AsNoTracking().SingleAsync(a => a.Id == id)).Distribution.Audience);

        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsync($"/api/v1/advisories/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bank.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fsa.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        using var power = await server.ApiClientAsync(PowerReporter);
        Assert.Equal(HttpStatusCode.NotFound, (await power.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Reach_Relay_SeesOnlyTheChainBelowItself(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        var id = await PublishAsync(nisc, Input("Green to all, reach per relay", "GREEN", Audience(("community", "*"))));

        var all = (await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach?pageSize=200"))["organizations"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Contains(all, r => r["code"]!.GetValue<string>() == "AKEBONO-POWER");

        var board = await GetJsonAsync(fsa, $"/api/v1/advisories/{id}/reach");
        Assert.Equal("relayed", board["scope"]!.GetValue<string>());
        var rows = board["organizations"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Contains(rows, r => r["code"]!.GetValue<string>() == "SEC-FIN-BANK");
        Assert.All(rows, r => Assert.Equal("finance", r["sectorCode"]!.GetValue<string>()));
        Assert.DoesNotContain(rows, r => r["code"]!.GetValue<string>() is "FSA" or "NISC" or "METI" or "AKEBONO-POWER");
        Assert.Empty(board["feedback"]!.AsArray());
        // An organisation that relays nothing gets no board at all.
        using var power = await server.ApiClientAsync(PowerReporter);
        Assert.Equal(HttpStatusCode.NotFound, (await power.GetAsync($"/api/v1/advisories/{id}/reach")).StatusCode);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Reach_PagedAndFiltered_RowsArePagedButAggregatesCountEveryone(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await PublishAsync(nisc, Input("Green to all, paged reach", "GREEN", Audience(("community", "*"))));

        var full = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach?pageSize=200");
        var everyone = full["organizations"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()).ToList();
        var total = full["total"]!["recipients"]!.GetValue<int>();
        Assert.True(total >= 4, $"only {total} recipients");
        Assert.Equal(total, everyone.Count);
        Assert.Equal(total, full["organizationCount"]!.GetValue<int>());
        Assert.Equal("all", full["state"]!.GetValue<string>());

        // Pages of two, in the board's order, together make up the whole list; the aggregates never change.
        var paged = new List<string>();
        for (var page = 1; ; page++)
        {
            var board = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach?page={page}&pageSize=2");
            Assert.Equal(full["total"]!.ToJsonString(), board["total"]!.ToJsonString());
            Assert.Equal(full["byHop"]!.ToJsonString(), board["byHop"]!.ToJsonString());
            Assert.Equal(full["bySector"]!.ToJsonString(), board["bySector"]!.ToJsonString());
            Assert.Equal(page, board["page"]!.GetValue<int>());
            Assert.Equal(2, board["pageSize"]!.GetValue<int>());
            Assert.Equal((total + 1) / 2, board["pageCount"]!.GetValue<int>());
            var codes = board["organizations"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()).ToList();
            if (codes.Count == 0) break;
            Assert.True(codes.Count <= 2);
            paged.AddRange(codes);
        }
        Assert.Equal(everyone, paged);

        // The states filter the rows only: here the publisher is the one organisation that needs no delivery.
        var notOpened = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach?state=not-opened&pageSize=200");
        var rows = notOpened["organizations"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.All(rows, r => Assert.True(r["receivedAt"] is not null && r["openedAt"] is null));
        Assert.Equal(rows.Count, notOpened["organizationCount"]!.GetValue<int>());
        Assert.Equal(full["total"]!.ToJsonString(), notOpened["total"]!.ToJsonString());
        var awaiting = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach?state=awaiting-release&pageSize=200");
        Assert.All(awaiting["organizations"]!.AsArray(), r => Assert.True(r!["awaitsRelease"]!.GetValue<bool>()));
        Assert.Equal(full["total"]!["awaitingRelease"]!.GetValue<int>(), awaiting["organizationCount"]!.GetValue<int>());
        var notReceived = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach?state=not-received&pageSize=200");
        Assert.Equal(total - full["total"]!["received"]!.GetValue<int>(), notReceived["organizationCount"]!.GetValue<int>());

        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/advisories/{id}/reach?state=bogus"), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/advisories/{id}/reach?pageSize=201"), HttpStatusCode.BadRequest);

        // The page: state links and a pager, the rows of the chosen state only.
        using var session = await server.SignInAsync(Nisc);
        var html = await session.GetStringAsync($"/advisories/{id}/reach?state=not-received");
        Assert.Contains("id=\"reach-states\"", html);
        Assert.Contains($"href=\"/advisories/{id}/reach?state=not-opened\"", html);
        Assert.DoesNotContain("data-state=\"acknowledged\"", html);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task AnonymousSeen_LeavesNoExactTimeBehind(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var power = await server.ApiClientAsync(PowerReporter);
        var id = await PublishAsync(nisc, Input("Anonymous answers, no trace", "GREEN", Audience(("sector", "electricity"))));
        Assert.Equal(HttpStatusCode.OK, (await power.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await power.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "seen", anonymous = true })).StatusCode);

        await using var db = server.NewContext();
        var answer = await db.AdvisoryFeedback.AsNoTracking().SingleAsync(f => f.AdvisoryId == id);
        Assert.Null(answer.OrganizationId);
        // A version-7 id carries the millisecond of the answer, undoing the day-precision time.
        Assert.NotEqual(7, answer.Id.Version);
        // The audit trail would stamp it to the millisecond next to the answerer's own rows (admins read it).
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "advisory.feedback" && e.TargetId == id.ToString("D")));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Reach_AnonymousAnswerAmongFewerThanKOrganisations_IsWithheld(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var water = await server.ApiClientAsync(WaterViewer);
        var id = await PublishAsync(nisc, Input("Red to the water utility only", "RED", Audience(("organization", "KIYORA-WATER"))));
        Assert.Equal(HttpStatusCode.Created, (await water.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "seen", anonymous = true })).StatusCode);

        // One recipient: any count of anonymous answers names it.
        var board = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach");
        Assert.DoesNotContain(board["feedback"]!.AsArray(), f => f!["anonymous"]!.GetValue<bool>());
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Reach_Relay_LearnsNotWhyOrganisationsReceiveIt(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        var id = await PublishAsync(nisc, Input("Amber to one bank by name", "AMBER", Audience(("organization", "HIKARI-BANK"), ("sector", "electricity"))));

        var mine = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach");
        Assert.Contains(mine["organizations"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "HIKARI-BANK" && r["rule"]!.GetValue<string>() == "organization");

        // FSA passes it on, but the audience (here: the bank named one by one) is the publisher's business.
        var board = await GetJsonAsync(fsa, $"/api/v1/advisories/{id}/reach");
        var rows = board["organizations"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Contains(rows, r => r["code"]!.GetValue<string>() == "HIKARI-BANK");
        Assert.All(rows, r => Assert.Null(r["rule"]));
        var detail = await GetJsonAsync(fsa, $"/api/v1/advisories/{id}");
        Assert.Empty(detail["audience"]!.AsArray());
    }
}
