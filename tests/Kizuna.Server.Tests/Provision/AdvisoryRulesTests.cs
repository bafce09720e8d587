using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Provision.ProvisionApi;

namespace Kizuna.Server.Tests.Provision;

/// <summary>TLP 2.0 on the relay chain, corrections and withdrawals, feedback, feeds, signed links and bad input.</summary>
public sealed class AdvisoryRulesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static TheoryData<DatabaseKind> Kinds => new(DatabaseKind.Sqlite, DatabaseKind.Postgres);

    private static async Task<List<JsonObject>> RecipientsAsync(HttpClient author, Guid id)
        => (await GetJsonAsync(author, $"/api/v1/advisories/{id}/recipients"))["recipients"]!.AsArray().Select(r => r!.AsObject()).ToList();

    private static string Code(JsonObject r) => r["code"]!.GetValue<string>();

    [Theory, MemberData(nameof(Kinds))]
    public async Task Red_NamedOperator_GoesDirectWithNoRelay(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bank = await server.ApiClientAsync(BankReporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        var id = Guid.Parse((await DraftAsync(nisc, Input("Red to the bank", "RED", Audience(("organization", "HIKARI-BANK")))))["id"]!.GetValue<string>());
        var rows = await RecipientsAsync(nisc, id);
        var only = Assert.Single(rows);
        Assert.Equal("HIKARI-BANK", Code(only));
        Assert.Equal(1, only["hop"]!.GetValue<int>());
        Assert.Equal("NISC", only["parentCode"]!.GetValue<string>());
        Assert.False(rows[0]["relays"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsync($"/api/v1/advisories/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bank.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fsa.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Red_WithSectorAudience_IsRefused(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var response = await nisc.PostAsJsonAsync("/api/v1/advisories", Input("Red to a sector", "RED"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("TLP:RED may only name organisations", await response.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task AmberStrict_ToSector_ReachesOperatorsDirectly_NeverThroughRelays(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = Guid.Parse((await DraftAsync(nisc, Input("Strict to finance", "AMBER+STRICT")))["id"]!.GetValue<string>());
        var rows = await RecipientsAsync(nisc, id);
        Assert.Contains(rows, r => Code(r) == "HIKARI-BANK");
        Assert.All(rows, r => Assert.Equal(1, r["hop"]!.GetValue<int>()));
        Assert.All(rows, r => Assert.NotEqual("relay", r["rule"]!.GetValue<string>()));
        // FSA is no finance member: it neither relays nor receives an AMBER+STRICT item for the sector.
        Assert.DoesNotContain(rows, r => Code(r) == "FSA");

        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsync($"/api/v1/advisories/{id}/publish", null)).StatusCode);
        using var bank = await server.ApiClientAsync(BankReporter);
        Assert.Equal(HttpStatusCode.OK, (await bank.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Green_ToCommunity_RelaysThroughEveryMinistryAndAutomaticCeptoars(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var power = await server.ApiClientAsync(PowerReporter);
        var id = await PublishAsync(nisc, Input("Green to everyone", "GREEN", Audience(("community", "*"))));
        var rows = await RecipientsAsync(nisc, id);
        // The electricity chain relays automatically in the demo: the power company has it at once, at hop 3.
        var powerRow = rows.Single(r => Code(r) == "AKEBONO-POWER");
        Assert.Equal(3, powerRow["hop"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await power.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        var reach = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach");
        Assert.Contains(reach["organizations"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "FSA" && r["awaitsRelease"]!.GetValue<bool>());
        Assert.True(reach["total"]!["awaitingRelease"]!.GetValue<int>() >= 1);
        // The public feed never carries GREEN.
        var publicFeed = await server.CreateClient().GetStringAsync("/feeds/advisories.atom");
        Assert.DoesNotContain("Green to everyone", publicFeed);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Clear_IsInThePublicFeed_AndMembersFeedByQueryToken(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var title = $"Clear advisory {Guid.NewGuid():N}";
        await PublishAsync(nisc, Input(title, "CLEAR", Audience(("sector", "electricity"))));
        var anonymous = server.CreateClient();
        var response = await anonymous.GetAsync("/feeds/advisories.atom");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(feed.Root!.Elements(Atom + "entry"), e => e.Element(Atom + "title")!.Value.Contains(title));

        var token = await server.TokenForAsync(PowerReporter, "read");
        var member = XDocument.Parse(await anonymous.GetStringAsync($"/feeds/member/advisories.atom?token={token}"));
        Assert.Contains(member.Root!.Elements(Atom + "entry"), e => e.Element(Atom + "title")!.Value.Contains(title));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/feeds/member/advisories.atom?token=kzn_nonsense")).StatusCode);
        // A token in the query string counts only on the feeds.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/advisories?token={token}")).StatusCode);
        // And only a read-only one: a token that can write must never stand in a URL.
        var writer = await server.TokenForAsync(PowerReporter, "read", "write");
        var refused = await anonymous.GetAsync($"/feeds/member/advisories.atom?token={writer}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("read scope only", await refused.Content.ReadAsStringAsync());
        using var viaHeader = server.CreateClient(writer);
        Assert.Equal(HttpStatusCode.OK, (await viaHeader.GetAsync("/feeds/member/advisories.atom")).StatusCode);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Correction_And_Withdrawal_ReachEveryoneTold_AndMakeItUnreadAgain(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var power = await server.ApiClientAsync(PowerReporter);
        var id = await PublishAsync(nisc, Input("Electricity advisory", "GREEN", Audience(("sector", "electricity"))));
        await GetJsonAsync(power, $"/api/v1/advisories/{id}");
        var before = (await GetJsonAsync(power, "/api/v1/advisories/unread"))["unread"]!.GetValue<int>();

        var corrected = Input("Electricity advisory (corrected)", "GREEN", Audience(("sector", "electricity")))["content"]!.DeepClone();
        var response = await nisc.PostAsJsonAsync($"/api/v1/advisories/{id}/corrections", new JsonObject { ["content"] = corrected, ["note"] = "Wrong version range" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, (await GetJsonAsync(power, "/api/v1/advisories/unread"))["unread"]!.GetValue<int>());
        var detail = await GetJsonAsync(power, $"/api/v1/advisories/{id}");
        Assert.Equal(2, detail["revision"]!.GetValue<int>());
        Assert.Equal("Electricity advisory (corrected)", detail["content"]!["title"]!.GetValue<string>());
        Assert.Equal("Wrong version range", detail["revisions"]![1]!["note"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.BadRequest, (await nisc.PostAsJsonAsync($"/api/v1/advisories/{id}/withdraw", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsJsonAsync($"/api/v1/advisories/{id}/withdraw", new { reason = "Superseded" })).StatusCode);
        detail = await GetJsonAsync(power, $"/api/v1/advisories/{id}");
        Assert.Equal("withdrawn", detail["status"]!.GetValue<string>());
        Assert.Equal("Superseded", detail["withdrawalReason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await nisc.PostAsJsonAsync($"/api/v1/advisories/{id}/withdraw", new { reason = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await nisc.PostAsJsonAsync($"/api/v1/advisories/{id}/corrections", new JsonObject { ["content"] = corrected.DeepClone(), ["note"] = "x" })).StatusCode);

        await using var db = server.NewContext();
        var kinds = await db.Outbox.Where(m => m.IdempotencyKey.StartsWith($"adv:{id:N}:") && m.Channel == AdvisoryNotifier.Channel).Select(m => m.Topic).Distinct().ToListAsync();
        Assert.Equal(["advisory.corrected", "advisory.published", "advisory.withdrawn"], kinds.Order());
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Feedback_AnonymousSeen_NamesNoOrganisation_AndOtherKindsCannotBeAnonymous(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var power = await server.ApiClientAsync(PowerReporter);
        var id = await PublishAsync(nisc, Input("Feedback wanted", "GREEN", Audience(("sector", "electricity"))));

        var refused = await power.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "applied", anonymous = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await power.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "seen", comment = "at our Osaka plant", anonymous = true })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await power.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "liked", anonymous = false })).StatusCode);

        var seen = await power.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "seen", anonymous = true });
        Assert.Equal(HttpStatusCode.Created, seen.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await power.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "applied", comment = "Patched", anonymous = false })).StatusCode);

        await using var db = server.NewContext();
        var anonymous = await db.AdvisoryFeedback.SingleAsync(f => f.AdvisoryId == id && f.Kind == "seen");
        Assert.Null(anonymous.OrganizationId);
        Assert.Null(anonymous.UserId);
        Assert.Equal("electricity", anonymous.SectorCodes);
        Assert.Equal(TimeSpan.Zero, anonymous.At.TimeOfDay);

        var reach = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach");
        var counts = reach["feedback"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Contains(counts, f => f["kind"]!.GetValue<string>() == "applied" && f["organizations"]!.AsArray().Any(o => o!.GetValue<string>() == "AKEBONO-POWER"));
        var seenCount = counts.Single(f => f["anonymous"]!.GetValue<bool>());
        Assert.Empty(seenCount["organizations"]!.AsArray());
        // The reach board's anonymous row never names the organisation.
        Assert.DoesNotContain("AKEBONO-POWER", seenCount.ToJsonString());
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task BadInput_IsRefusedWithProblemDetails_AndStoresNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var power = await server.ApiClientAsync(PowerReporter);
        await using var db = server.NewContext();
        var before = await db.Advisories.CountAsync();

        async Task Refused(JsonObject input, string field)
        {
            var response = await nisc.PostAsJsonAsync("/api/v1/advisories", input);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains(field, await response.Content.ReadAsStringAsync());
        }
        await Refused(Input("x", "PURPLE"), "tlp");
        await Refused(Input("", "AMBER"), "content.title");
        await Refused(Input("x", "AMBER", new JsonArray()), "audience");
        await Refused(Input("x", "AMBER", Audience(("sector", "space"))), "audience");
        await Refused(Input("x", "AMBER", content: c => c["severity"] = 9), "content.severity");
        await Refused(Input("x", "AMBER", content: c => c["cves"] = new JsonArray("CVE-24-1")), "content.cves");
        await Refused(Input("x", "AMBER", content: c => c["language"] = "fr"), "content.language");
        await Refused(Input("x", "AMBER", content: c => c["body"] = new string('a', AdvisoryLimits.MaxBodyLength + 1)), "content.body");
        await Refused(Input("x", "AMBER", content: c => c["relatedReportIds"] = new JsonArray(Guid.NewGuid().ToString())), "content.relatedReportIds");
        await Refused(Input("x", "AMBER", content: c => c["indicators"] = new JsonArray(new JsonObject { ["type"] = "ipv4", ["value"] = "999.1.1.1" })), "content.indicators");
        Assert.Equal(before, await db.Advisories.CountAsync());

        // Operators do not publish advisories.
        Assert.Equal(HttpStatusCode.Forbidden, (await power.PostAsJsonAsync("/api/v1/advisories", Input("x"))).StatusCode);
        // A deadline in the past is refused at publication, and the draft stays a draft.
        var draft = await DraftAsync(nisc, Input("late", "AMBER", content: c => c["responseDeadline"] = DateTimeOffset.UtcNow.AddDays(-1)));
        var id = draft["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.BadRequest, (await nisc.PostAsync($"/api/v1/advisories/{id}/publish", null)).StatusCode);
        Assert.Equal("draft", (await GetJsonAsync(nisc, $"/api/v1/advisories/{id}"))["status"]!.GetValue<string>());
        // An audience that resolves to nobody but the publisher itself.
        var self = await DraftAsync(nisc, Input("to myself", "RED", Audience(("organization", "NISC"))));
        var selfPublish = await nisc.PostAsync($"/api/v1/advisories/{self["id"]!.GetValue<string>()}/publish", null);
        Assert.Equal(HttpStatusCode.BadRequest, selfPublish.StatusCode);
        Assert.Contains("resolves to no organisation", await selfPublish.Content.ReadAsStringAsync());
        // Publishing twice conflicts.
        var ok = await PublishAsync(nisc, Input("once", "GREEN", Audience(("sector", "electricity"))));
        Assert.Equal(HttpStatusCode.Conflict, (await nisc.PostAsync($"/api/v1/advisories/{ok}/publish", null)).StatusCode);
        // Feedback from an organisation the advisory never reached is not a thing.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.ApiClientAsync(BankReporter)).PostAsJsonAsync($"/api/v1/advisories/{ok}/feedback", new { kind = "applied", anonymous = false })).StatusCode);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task SignedLink_MarksOpened_ForgedLinkDoesNot(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await PublishAsync(nisc, Input("Link test", "GREEN", Audience(("organization", "KIYORA-WATER"))));
        await using var db = server.NewContext();
        var water = await db.Organizations.SingleAsync(o => o.Code == "KIYORA-WATER");
        var links = server.Services.GetRequiredService<AdvisoryLinks>();
        var token = links.Create(id, water.Id, Guid.Empty, DateTimeOffset.UtcNow);
        var anonymous = server.CreateClient();

        var forged = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        var bad = await anonymous.GetAsync($"/l/{forged}");
        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        Assert.Equal("/advisories?error=link", bad.Headers.Location!.OriginalString);
        Assert.Null((await db.AdvisoryDeliveries.AsNoTracking().SingleAsync(d => d.AdvisoryId == id && d.OrganizationId == water.Id)).OpenedAt);

        var good = await anonymous.GetAsync($"/l/{token}");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal($"/advisories/{id}", good.Headers.Location!.OriginalString);
        Assert.NotNull((await db.AdvisoryDeliveries.AsNoTracking().SingleAsync(d => d.AdvisoryId == id && d.OrganizationId == water.Id)).OpenedAt);
        // Following the link does not show the advisory without signing in.
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        Assert.Null(links.Read(token, DateTimeOffset.UtcNow + AdvisoryLinks.Lifetime + TimeSpan.FromMinutes(1)));
    }
}
