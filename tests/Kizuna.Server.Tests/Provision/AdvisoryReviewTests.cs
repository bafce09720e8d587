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

        var all = (await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach"))["organizations"]!.AsArray().Select(r => r!.AsObject()).ToList();
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
