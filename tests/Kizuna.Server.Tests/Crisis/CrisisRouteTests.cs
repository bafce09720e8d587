using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Crisis;

/// <summary>
/// The crisis structure's direct reporting route (別紙4-2): while a crisis is active for an
/// operator's sector and region, its new liaison report goes to the coordinator at once, at the
/// view the report rules give it (anonymization stays), records the crisis, and shows on the crisis
/// board's timeline through the report rules; after stand-down reports route normally again.
/// Every test here stands its crises down, so they do not route the class's other tests' reports.
/// </summary>
public sealed class CrisisRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>The bank's identifying details as the directory holds them.</summary>
    private static readonly string[] BankIdentifiers =
        [BankNameJa, BankNameEn, Bank, BankDomain, .. BankPeople, .. BankEmails, "reporter@hikari-bank.demo.kizuna.example"];

    private static async Task<JsonNode> PreviewRecipientAsync(HttpClient reporter, Guid id, string code)
    {
        var preview = await JsonAsync(await reporter.GetAsync($"/api/v1/reports/{id}/preview"), HttpStatusCode.OK);
        return preview["recipients"]!.AsArray().Single(r => r!["organizationCode"]!.GetValue<string>() == code)!;
    }

    private static JsonArray ReportsOnTimeline(JsonNode board)
        => new(board["timeline"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "report").Select(e => e!.DeepClone()).ToArray());

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Report_UnderActiveCrisisOfItsRegion_ReachesTheCoordinatorAtOnce_AndNormallyAfterStandDown(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var bank = await server.ApiClientAsync(Reporter);

        // A finance crisis in Osaka does not cover the bank (Tokyo): its report goes the normal way.
        var osaka = await CrisisApi.DeclareAsync(nisc, CrisisApi.Declaration("cyber", ["finance"], ["JP-27"]));
        var before = IdOf(await FileAsync(bank, Input(Content("Outside the crisis region"))));
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/reports/{before}"), HttpStatusCode.NotFound);
        Assert.Null((await GetAsync(bank, before))["crisisId"]);

        // A crisis for finance in kanto covers it: the preview shows the coordinator on the crisis route, sanitized.
        var kanto = await CrisisApi.DeclareAsync(nisc, CrisisApi.Declaration("cyber", ["finance"], ["kanto"]));
        var draft = IdOf(await JsonAsync(await bank.PostAsJsonAsync("/api/v1/reports", Input(Content("ATM outage during the crisis"))), HttpStatusCode.Created));
        var coordinator = await PreviewRecipientAsync(bank, draft, "NISC");
        Assert.Equal("crisis-route", coordinator["role"]!.GetValue<string>());
        Assert.Equal("sanitized", coordinator["viewLevel"]!.GetValue<string>());
        Assert.Equal("first-hop", (await PreviewRecipientAsync(bank, draft, "FSA"))["role"]!.GetValue<string>());
        await JsonAsync(await PostAsync(bank, $"/api/v1/reports/{draft}/submit", new { kind = "first" }), HttpStatusCode.OK);
        var mine = await GetAsync(bank, draft);
        Assert.Equal(kanto, mine["crisisId"]!.GetValue<Guid>());
        Assert.Equal("crisis-route", (await PreviewRecipientAsync(bank, draft, "NISC"))["role"]!.GetValue<string>());

        // The coordinator reads it at once (not forwarded), sanitized: never the reporter's identity.
        var seen = await JsonAsync(await nisc.GetAsync($"/api/v1/reports/{draft}"), HttpStatusCode.OK);
        Assert.Equal("sanitized", seen["viewLevel"]!.GetValue<string>());
        Assert.Equal("submitted", seen["status"]!.GetValue<string>());
        Assert.Null(seen["reporterCode"]);
        var seenText = seen.ToJsonString();
        foreach (var identifier in BankIdentifiers) Assert.DoesNotContain(identifier, seenText);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/reports/{draft}/identity"), HttpStatusCode.Forbidden);
        // The first hop still receives and forwards it as usual.
        await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{draft}/receive"), HttpStatusCode.OK);
        await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{draft}/forward", new { note = "転送します。" }), HttpStatusCode.OK);

        // On the timeline: the coordinator sees the pseudonym and no reporter; the ministry it named sees the bank.
        var pseudonym = mine["pseudonym"]!.GetValue<string>();
        var atNisc = Assert.Single(ReportsOnTimeline(await CrisisApi.GetJsonAsync(nisc, $"/api/v1/crises/{kanto}/board")))!;
        Assert.Null(atNisc["organizationCode"]);
        Assert.StartsWith(pseudonym, atNisc["detail"]!.GetValue<string>());
        var atFsa = Assert.Single(ReportsOnTimeline(await CrisisApi.GetJsonAsync(fsa, $"/api/v1/crises/{kanto}/board")))!;
        Assert.Equal(Bank, atFsa["organizationCode"]!.GetValue<string>());
        Assert.Contains("ATM outage during the crisis", atFsa["detail"]!.GetValue<string>());
        // The other crisis does not list it.
        Assert.Empty(ReportsOnTimeline(await CrisisApi.GetJsonAsync(nisc, $"/api/v1/crises/{osaka}/board")));

        // After stand-down a new report routes normally again; the earlier one stays where it went.
        await JsonAsync(await PostAsync(nisc, $"/api/v1/crises/{kanto}/stand-down"), HttpStatusCode.OK);
        var after = IdOf(await FileAsync(bank, Input(Content("After the stand-down"))));
        Assert.Null((await GetAsync(bank, after))["crisisId"]);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/reports/{after}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await nisc.GetAsync($"/api/v1/reports/{draft}")).StatusCode);
        await JsonAsync(await PostAsync(nisc, $"/api/v1/crises/{osaka}/stand-down"), HttpStatusCode.OK);

        await using var db = server.NewContext();
        Assert.Equal(kanto, await db.Reports.Where(r => r.Id == draft).Select(r => r.CrisisId).SingleAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Timeline_AnonymousReportUnderCrisis_NeverNamesTheReporterToSanitizedViewers(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bank = await server.ApiClientAsync(Reporter);
        var crisis = await CrisisApi.DeclareAsync(nisc, CrisisApi.Declaration("cyber", ["finance"], ["JP-13"]));
        try
        {
            // A report that tells no one who it is, with the bank's names in the title and every text field.
            var content = Content($"{BankNameJa} ({Bank}) のATM障害 {BankNameEn}", c =>
            {
                c["description"] = $"{BankNameEn} の {BankPeople[0]} が検知。連絡先 {BankEmails[0]}。";
                c["impact"] = $"{BankNameJa}の顧客がログイン不可。";
            });
            var report = await FileAsync(bank, Input(content, disclosure: "none"));
            var pseudonym = report["pseudonym"]!.GetValue<string>();

            // The coordinator and the ministry read it sanitized; the incident agency joins the room but is not in the report's audience.
            await CrisisApi.EnsureJoinedPartyUsersAsync(server);
            foreach (var email in new[] { Nisc, Fsa, CrisisApi.PoliceAnalyst })
            {
                var inAudience = email != CrisisApi.PoliceAnalyst;
                using var api = await server.ApiClientAsync(email);
                foreach (var path in new[] { $"/api/v1/crises/{crisis}/board", $"/api/v1/crises/{crisis}/summary" })
                {
                    var answer = await CrisisApi.GetJsonAsync(api, path);
                    var reports = ReportsOnTimeline(answer);
                    if (inAudience)
                    {
                        var onTimeline = Assert.Single(reports)!;
                        Assert.Null(onTimeline["organizationCode"]);
                        Assert.StartsWith(pseudonym, onTimeline["detail"]!.GetValue<string>());
                    }
                    else Assert.Empty(reports);
                    var timeline = answer["timeline"]!.ToJsonString();
                    foreach (var identifier in BankIdentifiers)
                        Assert.False(timeline.Contains(identifier, StringComparison.Ordinal), $"LEAK: {path} as {email} names the reporter on the timeline: '{identifier}'.");
                }
                using var session = await server.SignInAsync(email);
                var page = await session.GetStringAsync($"/crises/{crisis}");
                var table = Regex.Match(page, "<table id=\"timeline\">(.*?)</table>", RegexOptions.Singleline);
                Assert.True(table.Success, $"No timeline on the crisis page for {email}.");
                Assert.Equal(inAudience, table.Value.Contains(pseudonym, StringComparison.Ordinal));
                foreach (var identifier in BankIdentifiers)
                    Assert.False(WebUtility.HtmlDecode(table.Value).Contains(identifier, StringComparison.Ordinal),
                        $"LEAK: the crisis page as {email} names the reporter on the timeline: '{identifier}'.");
            }

            // Outside the crisis room there is no timeline at all.
            using var power = await server.ApiClientAsync(OtherReporter);
            await Problems.AssertAsync(await power.GetAsync($"/api/v1/crises/{crisis}/board"), HttpStatusCode.NotFound);
        }
        finally
        {
            await PostAsync(nisc, $"/api/v1/crises/{crisis}/stand-down");
        }
    }
}
