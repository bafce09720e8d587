using System.Net;
using System.Net.Http.Json;
using Kizuna.Core.Features.Directory;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Crisis.CrisisApi;

namespace Kizuna.Server.Tests.Crisis;

/// <summary>Crisis mode end to end: declaration and its status requests, the crisis room, answers, the board, reminders, stand-down and the summary.</summary>
public sealed class CrisisTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Declare_FinanceSector_AsksExactlyItsOperatorsThroughTheOutbox(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));

        await using var db = server.NewContext();
        var expected = await db.Organizations.Where(o => o.Kind == OrganizationKinds.Operator && o.Sectors.Any(s => s.Code == "finance")).Select(o => o.Id).ToListAsync();
        Assert.NotEmpty(expected);
        var asked = await db.CrisisRecipients.Where(r => r.CrisisId == id).Select(r => r.OrganizationId).ToListAsync();
        Assert.Equal(expected.Order(), asked.Order());
        var requests = await db.Outbox.Where(m => m.Channel == "crisis-notify" && m.IdempotencyKey.StartsWith($"crisis:{id:N}:")).ToListAsync();
        Assert.Equal(expected.Order(), requests.Select(m => m.OrganizationId!.Value).Order());
        Assert.All(requests, m => Assert.True(m.Urgent));
        // The CEPTOAR secretariat and the peripheral members of finance are not operators: not asked.
        var ceptoar = await db.Organizations.Where(o => o.Code == "SEC-FIN-BANK").Select(o => o.Id).SingleAsync();
        Assert.DoesNotContain(ceptoar, asked);

        // Limited to a prefecture: only the finance operators registered there.
        var tokyo = await DeclareAsync(nisc, Declaration("unknown", ["finance"], ["JP-13"]));
        var inTokyo = await db.Organizations.Where(o => o.Kind == OrganizationKinds.Operator && o.RegionCode == "JP-13" && o.Sectors.Any(s => s.Code == "finance"))
            .Select(o => o.Id).ToListAsync();
        Assert.Equal(inTokyo.Order(), (await db.CrisisRecipients.Where(r => r.CrisisId == tokyo).Select(r => r.OrganizationId).ToListAsync()).Order());
        Assert.True(inTokyo.Count < expected.Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CrisisRoom_ByCauseAndSector_AdmitsOnlyTheCrisisParties(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        await EnsureJoinedPartyUsersAsync(server);
        using var nisc = await server.ApiClientAsync(Nisc);
        var cyber = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));
        var disaster = await DeclareAsync(nisc, Declaration("disaster", ["finance"]));

        using var water = await server.ApiClientAsync(WaterViewer);
        using var police = await server.ApiClientAsync(PoliceAnalyst);
        using var bosai = await server.ApiClientAsync(DisasterAnalyst);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var meti = await server.ApiClientAsync(Meti);
        using var bank = await server.ApiClientAsync(BankReporter);
        foreach (var path in new[] { "", "/board", "/summary", "/summary.csv" })
        {
            // A water operator and a ministry not responsible for finance: the crisis does not exist.
            await Problems.AssertAsync(await water.GetAsync($"/api/v1/crises/{cyber}{path}"), HttpStatusCode.NotFound);
            await Problems.AssertAsync(await meti.GetAsync($"/api/v1/crises/{cyber}{path}"), HttpStatusCode.NotFound);
            // The incident-handling agency joins a cyber crisis, not a disaster one; the disaster ministry the other way round.
            Assert.Equal(HttpStatusCode.OK, (await police.GetAsync($"/api/v1/crises/{cyber}{path}")).StatusCode);
            await Problems.AssertAsync(await police.GetAsync($"/api/v1/crises/{disaster}{path}"), HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await bosai.GetAsync($"/api/v1/crises/{disaster}{path}")).StatusCode);
            await Problems.AssertAsync(await bosai.GetAsync($"/api/v1/crises/{cyber}{path}"), HttpStatusCode.NotFound);
            // The ministry responsible for finance sees both.
            Assert.Equal(HttpStatusCode.OK, (await fsa.GetAsync($"/api/v1/crises/{cyber}{path}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await fsa.GetAsync($"/api/v1/crises/{disaster}{path}")).StatusCode);
        }
        Assert.DoesNotContain(cyber.ToString(), await water.GetStringAsync("/api/v1/crises"));
        Assert.DoesNotContain(disaster.ToString(), await police.GetStringAsync("/api/v1/crises"));
        Assert.Contains(cyber.ToString(), await police.GetStringAsync("/api/v1/crises"));
        using var waterPage = await server.SignInAsync(WaterViewer);
        Assert.Equal(HttpStatusCode.NotFound, (await waterPage.GetAsync($"/crises/{cyber}")).StatusCode);

        // A finance operator sees the declaration and its own answers, not the board.
        var mine = await GetJsonAsync(bank, $"/api/v1/crises/{cyber}");
        Assert.Equal("own-answers", mine["access"]!.GetValue<string>());
        Assert.Null(mine["operators"]);
        Assert.Contains(mine["mine"]!.AsArray(), s => s!["serviceCode"]!.GetValue<string>() == "finance-banking");
        await Problems.AssertAsync(await bank.GetAsync($"/api/v1/crises/{cyber}/board"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await bank.GetAsync($"/api/v1/crises/{cyber}/summary.csv"), HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Answer_Updated_KeepsHistoryAndTheBoardCountsTheLatest(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));
        using var bank = await server.ApiClientAsync(BankReporter);
        await AnswerAsync(bank, id, Answer(("finance-banking", "down", "Generators"), ("finance-securities", "normal", null)));
        await AnswerAsync(bank, id, Answer(("finance-banking", "degraded", "Fuel for two days")));

        await using var db = server.NewContext();
        var rows = await db.CrisisStatusAnswers.Where(a => a.CrisisId == id && a.ServiceCode == "finance-banking").OrderBy(a => a.Version).ToListAsync();
        Assert.Equal(["down", "degraded"], rows.Select(r => r.Status));
        Assert.Equal([1, 2], rows.Select(r => r.Version));

        var board = await GetJsonAsync(nisc, $"/api/v1/crises/{id}/board");
        var operators = await db.CrisisRecipients.CountAsync(r => r.CrisisId == id);
        Assert.Equal(operators, board["operators"]!.GetValue<int>());
        Assert.Equal(1, board["answered"]!.GetValue<int>());
        Assert.Equal(operators - 1, board["notAnswered"]!.GetValue<int>());
        var banking = Cell(board, "finance", "finance-banking");
        Assert.Equal(1, banking["degraded"]!.GetValue<int>());
        Assert.Equal(0, banking["down"]!.GetValue<int>());
        Assert.Equal(operators - 1, banking["notAnswered"]!.GetValue<int>());
        Assert.Equal("degraded", banking["colour"]!.GetValue<string>());
        Assert.Equal("normal", Cell(board, "finance", "finance-securities")["colour"]!.GetValue<string>());
        Assert.Equal("none", Cell(board, "finance", "finance-insurance")["colour"]!.GetValue<string>());
        Assert.DoesNotContain("HIKARI-BANK", NonResponders(board));
        Assert.Contains("MIYAMA-BANK", NonResponders(board));
        Assert.Equal(2, board["timeline"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "answer"));

        var mine = await GetJsonAsync(bank, $"/api/v1/crises/{id}");
        var latest = mine["mine"]!.AsArray().Single(s => s!["serviceCode"]!.GetValue<string>() == "finance-banking")!;
        Assert.Equal("degraded", latest["status"]!.GetValue<string>());
        Assert.Equal("Fuel for two days", latest["needs"]!.GetValue<string>());
        Assert.Equal(2, latest["versions"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Reminders_SameRoundTwice_RemindEachNonResponderOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("unknown", ["finance"]));
        using var bank = await server.ApiClientAsync(BankReporter);
        await AnswerAsync(bank, id, Answer(("finance-banking", "normal", null)));
        await using var db = server.NewContext();
        var waiting = await db.CrisisRecipients.Where(r => r.CrisisId == id && r.FirstAnsweredAt == null).Select(r => r.OrganizationId).ToListAsync();
        var bankId = await db.Organizations.Where(o => o.Code == "HIKARI-BANK").Select(o => o.Id).SingleAsync();

        async Task<System.Text.Json.Nodes.JsonObject> RemindAsync(object body)
        {
            var response = await nisc.PostAsJsonAsync($"/api/v1/crises/{id}/reminders", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }
        var first = await RemindAsync(new { round = 1 });
        Assert.Equal(waiting.Count, first["sent"]!.GetValue<int>());
        Assert.False(first["alreadySent"]!.GetValue<bool>());
        var again = await RemindAsync(new { round = 1 });
        Assert.True(again["alreadySent"]!.GetValue<bool>());
        var round1 = await db.Outbox.Where(m => m.IdempotencyKey.StartsWith($"crisis:{id:N}:reminder:1:")).Select(m => m.OrganizationId!.Value).ToListAsync();
        Assert.Equal(waiting.Order(), round1.Order());
        Assert.DoesNotContain(bankId, round1);

        var second = await RemindAsync(new { });
        Assert.Equal(2, second["round"]!.GetValue<int>());
        Assert.Equal(waiting.Count, await db.Outbox.CountAsync(m => m.IdempotencyKey.StartsWith($"crisis:{id:N}:reminder:2:")));
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/crises/{id}/reminders", new { round = 5 }), HttpStatusCode.BadRequest, "next reminder round is 3");
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        await Problems.AssertAsync(await bankAdmin.PostAsJsonAsync($"/api/v1/crises/{id}/reminders", new { }), HttpStatusCode.Forbidden);

        var board = await GetJsonAsync(nisc, $"/api/v1/crises/{id}/board");
        Assert.Equal(2, board["reminderRounds"]!.GetValue<int>());
        Assert.All(board["nonResponders"]!.AsArray(), n => Assert.Equal(2, n!["reminders"]!.GetValue<int>()));
        Assert.Equal(2, board["timeline"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "reminder"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task StandDown_AfterAnswersAndAnAlert_ProducesTheSummaryAndRefusesMore(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance", "water"]));
        var alert = await nisc.PostAsJsonAsync("/api/v1/hotline/alerts", new
        {
            @class = "cyber", severity = 4, title = "Crisis alert to finance", message = "Isolate.", tlp = "AMBER",
            audience = new[] { new { kind = "sector", value = "finance" } },
        });
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        using var bank = await server.ApiClientAsync(BankReporter);
        await AnswerAsync(bank, id, Answer(("finance-banking", "down", null)));

        var response = await nisc.PostAsync($"/api/v1/crises/{id}/stand-down", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        await using var db = server.NewContext();
        var operators = await db.CrisisRecipients.CountAsync(r => r.CrisisId == id);
        Assert.True(summary["final"]!.GetValue<bool>());
        Assert.Equal(operators, summary["operators"]!.GetValue<int>());
        Assert.Equal(1, summary["answered"]!.GetValue<int>());
        Assert.Equal(Math.Round(100.0 / operators, 1), summary["reachPercent"]!.GetValue<double>());
        var bankRow = summary["operatorStats"]!.AsArray().Single(o => o!["code"]!.GetValue<string>() == "HIKARI-BANK")!;
        Assert.True(bankRow["secondsToFirstAnswer"]!.GetValue<double>() >= 0);
        Assert.Equal("down", bankRow["worstStatus"]!.GetValue<string>());
        var finance = summary["sectorStats"]!.AsArray().Single(s => s!["sectorCode"]!.GetValue<string>() == "finance")!;
        Assert.Equal(bankRow["secondsToFirstAnswer"]!.GetValue<double>(), finance["medianSecondsToFirstAnswer"]!.GetValue<double>());
        Assert.Null(summary["sectorStats"]!.AsArray().Single(s => s!["sectorCode"]!.GetValue<string>() == "water")!["medianSecondsToFirstAnswer"]);
        var kinds = summary["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal("declared", kinds[0]);
        Assert.Equal("stood-down", kinds[^1]);
        Assert.Contains("alert", kinds);
        Assert.Contains("answer", kinds);
        Assert.Contains(summary["timeline"]!.AsArray(), e => e!["detail"]!.GetValue<string>().Contains("Crisis alert to finance", StringComparison.Ordinal));

        var csv = await nisc.GetAsync($"/api/v1/crises/{id}/summary.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("record,sector,organization,", lines[0]);
        Assert.Equal(1 + 2 + operators, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("operator,finance,HIKARI-BANK,", StringComparison.Ordinal) && l.EndsWith(",0,down", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sector,water,,4,0,", StringComparison.Ordinal));

        // Stood down: no second stand-down, no answers, no reminders.
        await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/crises/{id}/stand-down", null), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await bank.PostAsJsonAsync($"/api/v1/crises/{id}/status", Answer(("finance-banking", "normal", null))), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/crises/{id}/reminders", new { }), HttpStatusCode.Conflict);
        Assert.Equal("stood-down", (await GetJsonAsync(bank, $"/api/v1/crises/{id}"))["status"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task BadInput_AnswersProblemDetails(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        async Task<string> BadDeclareAsync(HttpClient client, object body, HttpStatusCode status = HttpStatusCode.BadRequest)
            => Problems.Explanation(await Problems.AssertAsync(await client.PostAsJsonAsync("/api/v1/crises", body), status));
        Assert.Contains("Unknown sector 'atlantis'", await BadDeclareAsync(nisc, Declaration("cyber", ["finance", "atlantis"])));
        Assert.Contains("Unknown cause 'meteor'", await BadDeclareAsync(nisc, Declaration("meteor", ["finance"])));
        Assert.Contains("Unknown region 'JP-99'", await BadDeclareAsync(nisc, Declaration("cyber", ["finance"], ["JP-99"])));
        Assert.Contains("at least one sector", await BadDeclareAsync(nisc, Declaration("cyber", [])));
        using var fsa = await server.ApiClientAsync(Fsa);
        await BadDeclareAsync(fsa, Declaration("cyber", ["finance"]), HttpStatusCode.Forbidden);
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        await BadDeclareAsync(bankAdmin, Declaration("cyber", ["finance"]), HttpStatusCode.Forbidden);
        await using (var db = server.NewContext())
            Assert.Equal(0, await db.CrisisDeclarations.CountAsync(c => c.Sectors.Contains("atlantis")));

        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));
        using var bank = await server.ApiClientAsync(BankReporter);
        async Task<string> BadAnswerAsync(HttpClient client, object body, HttpStatusCode status = HttpStatusCode.BadRequest)
            => Problems.Explanation(await Problems.AssertAsync(await client.PostAsJsonAsync($"/api/v1/crises/{id}/status", body), status));
        Assert.Contains("Unknown status 'fine'", await BadAnswerAsync(bank, Answer(("finance-banking", "fine", null))));
        Assert.Contains("'water-supply' is not a critical service of your sector", await BadAnswerAsync(bank, Answer(("water-supply", "down", null))));
        Assert.Contains("at least one critical service", await BadAnswerAsync(bank, Answer()));
        Assert.Contains("given twice", await BadAnswerAsync(bank, Answer(("finance-banking", "down", null), ("finance-banking", "normal", null))));
        // Not asked: a water operator's answer is about a crisis that does not exist for it; the coordinator is not an operator.
        using var water = await server.ApiClientAsync(WaterViewer);
        await BadAnswerAsync(water, Answer(("finance-banking", "down", null)), HttpStatusCode.NotFound);
        await BadAnswerAsync(nisc, Answer(("finance-banking", "down", null)), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/crises/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
        await using (var db = server.NewContext())
            Assert.Equal(0, await db.CrisisStatusAnswers.CountAsync(a => a.CrisisId == id));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_DeclareAnswerRemindStandDown_WorkWithoutJavaScript(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.SignInAsync(Nisc);
        var declared = await KizunaTestServer.PostFormAsync(nisc, "/crises", "declare-crisis",
            new Dictionary<string, string> { ["Input.Cause"] = "disaster", ["Input.Sectors"] = "finance", ["Input.Regions"] = "kanto" });
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        var location = declared.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
        Assert.StartsWith("/crises/", path);

        using var bank = await server.SignInAsync(BankReporter);
        var page = await bank.GetStringAsync(path);
        Assert.Contains("id=\"answer-form\"", page);
        Assert.DoesNotContain("id=\"board-matrix\"", page);
        var answered = await KizunaTestServer.PostFormAsync(bank, path, "answer",
            new Dictionary<string, string> { ["Service"] = "finance-banking", ["Status"] = "down", ["Recovery"] = "2026-12-01T09:00", ["Needs"] = "Staff" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Contains("data-service=\"finance-banking\" data-status=\"down\"", await bank.GetStringAsync(path));

        var board = await nisc.GetStringAsync(path);
        Assert.Contains("id=\"board-matrix\"", board);
        Assert.Contains("class=\"status-down\" data-sector=\"finance\" data-service=\"finance-banking\"", board);
        Assert.Contains("http-equiv=\"refresh\"", board);
        Assert.Contains("id=\"non-responders\"", board);
        Assert.Equal(HttpStatusCode.Redirect, (await KizunaTestServer.PostFormAsync(nisc, path, "remind", new Dictionary<string, string> { ["Round"] = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await KizunaTestServer.PostFormAsync(nisc, path, "stand-down", new Dictionary<string, string> { ["StandDown"] = "true" })).StatusCode);
        var after = await nisc.GetStringAsync(path);
        Assert.Contains("data-status=\"stood-down\"", after);
        Assert.DoesNotContain("http-equiv=\"refresh\"", after);
        Assert.DoesNotContain("id=\"answer-form\"", await bank.GetStringAsync(path));

        using var api = await server.ApiClientAsync(Nisc);
        var id = Guid.Parse(path["/crises/".Length..]);
        var detail = await GetJsonAsync(api, $"/api/v1/crises/{id}");
        Assert.Equal(["kanto"], detail["regions"]!.AsArray().Select(r => r!.GetValue<string>()));
        using var bankApi = await server.ApiClientAsync(BankReporter);
        var recovery = (await GetJsonAsync(bankApi, $"/api/v1/crises/{id}"))["mine"]!.AsArray()
            .Single(s => s!["serviceCode"]!.GetValue<string>() == "finance-banking")!["expectedRecovery"]!.GetValue<DateTimeOffset>();
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), recovery.ToUniversalTime());
    }
}
