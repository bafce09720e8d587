using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>
/// The direct urgent report (緊急連絡（NISC直通）): an operator's member raises it up to the
/// coordinator; the audience is fixed by the rule (the coordinator and the ministries responsible
/// today for the operator's sectors), each recipient acknowledges, the operator sees the board, and
/// nobody else sees the report at all.
/// </summary>
public sealed class HotlineUrgentReportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public static string Meti => DemoUsers.Of("METI", "analyst");

    public static object Report(string title, string? tlp = "RED", Guid? reportId = null, string @class = "cyber") => new
    {
        @class,
        severity = 4,
        title,
        message = $"Message of {title}: our core banking system is down.",
        tlp,
        reportId,
    };

    public static async Task<JsonObject> RaiseAsync(HttpClient operatorClient, object report)
    {
        var response = await operatorClient.PostAsJsonAsync("/api/v1/hotline/reports", report);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Raising the report failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static JsonObject Listed(JsonNode list, Guid id) => list.AsArray().Single(a => a!["id"]!.GetValue<Guid>() == id)!.AsObject();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Raise_FromBankReporter_ReachesExactlyTheCoordinatorAndTheFinanceMinistry(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bank = await server.ApiClientAsync(BankReporter);
        var detail = await RaiseAsync(bank, Report("Core banking down (direct)"));
        var id = IdOf(detail);
        Assert.Equal("up", detail["alert"]!["direction"]!.GetValue<string>());
        Assert.Equal("TLP:RED", detail["alert"]!["tlp"]!.GetValue<string>());
        Assert.Equal(2, detail["recipients"]!.GetValue<int>());
        Assert.True(detail["canSeeBoard"]!.GetValue<bool>());
        Assert.False(detail["canAcknowledge"]!.GetValue<bool>());

        await using var db = server.NewContext();
        var expected = await db.Organizations.Where(o => o.Code == "NISC" || o.Code == "FSA").Select(o => o.Id).ToListAsync();
        Assert.Equal(expected.Order(), (await db.AlertAcknowledgements.Where(a => a.AlertId == id).Select(a => a.OrganizationId).ToListAsync()).Order());
        var notifications = await db.Outbox.Where(m => m.Channel == "hotline-notify" && m.IdempotencyKey.StartsWith($"hotline:{id:N}:sent:")).ToListAsync();
        Assert.Equal(expected.Order(), notifications.Select(m => m.OrganizationId!.Value).Order());
        Assert.All(notifications, m => Assert.True(m.Urgent));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "hotline.reported" && e.TargetId == id.ToString()));

        // Both sides list it with its direction.
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        var mine = Listed(await GetJsonNodeAsync(bank, "/api/v1/hotline/alerts"), id);
        Assert.Equal("up", mine["direction"]!.GetValue<string>());
        Assert.True(mine["sentByMyOrganization"]!.GetValue<bool>());
        var incoming = Listed(await GetJsonNodeAsync(nisc, "/api/v1/hotline/alerts"), id);
        Assert.Equal("up", incoming["direction"]!.GetValue<string>());
        Assert.Equal("HIKARI-BANK", incoming["senderCode"]!.GetValue<string>());
        Assert.False(incoming["sentByMyOrganization"]!.GetValue<bool>());
        Assert.Equal("up", Listed(await GetJsonNodeAsync(fsa, "/api/v1/hotline/alerts"), id)["direction"]!.GetValue<string>());
        // The coordinator's live stream carries it.
        var stream = await nisc.GetStringAsync("/api/v1/hotline/stream?lastEventId=0&once=true");
        Assert.Contains(id.ToString(), stream);
        Assert.Contains("\"direction\":\"up\"", stream);

        // Outside the fixed audience (another ministry, another operator, a member of the same sector) the report does not exist.
        foreach (var outsider in new[] { Meti, PowerReporter, WaterViewer })
        {
            using var other = await server.ApiClientAsync(outsider);
            await Problems.AssertAsync(await other.GetAsync($"/api/v1/hotline/alerts/{id}"), HttpStatusCode.NotFound);
            Assert.DoesNotContain(id.ToString(), await other.GetStringAsync("/api/v1/hotline/alerts"));
            Assert.DoesNotContain("Core banking down (direct)", await other.GetStringAsync("/api/v1/hotline/stream?lastEventId=0&once=true"));
        }

        // Every recipient acknowledges; the operator sees who did on its board, the recipients do not.
        var acknowledged = await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}");
        Assert.True(acknowledged["canAcknowledge"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null)).StatusCode);
        await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/hotline/alerts/{id}/board"), HttpStatusCode.Forbidden);
        var board = await GetJsonAsync(bank, $"/api/v1/hotline/alerts/{id}/board");
        Assert.Equal(2, board["recipients"]!.GetValue<int>());
        Assert.Equal(1, board["acknowledged"]!.GetValue<int>());
        Assert.Equal("api", BoardRow(board, "NISC")["via"]!.GetValue<string>());
        Assert.Null(BoardRow(board, "FSA")["acknowledgedAt"]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Raise_BadInputAndWrongSenders_AreRefused(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        // Only members of an operator who may report: not the coordinator, a ministry, or an operator's plain viewer.
        foreach (var sender in new[] { Nisc, Fsa, WaterViewer })
        {
            using var client = await server.ApiClientAsync(sender);
            await Problems.AssertAsync(await client.PostAsJsonAsync("/api/v1/hotline/reports", Report("Not mine to send")), HttpStatusCode.Forbidden);
        }

        using var bank = await server.ApiClientAsync(BankAdmin);
        await AssertInvalidAsync(await bank.PostAsJsonAsync("/api/v1/hotline/reports", Report("x", @class: "volcano")), "class");
        await AssertInvalidAsync(await bank.PostAsJsonAsync("/api/v1/hotline/reports", Report("x", tlp: "PURPLE")), "tlp");
        await AssertInvalidAsync(await bank.PostAsJsonAsync("/api/v1/hotline/reports", Report("")), "title");
        await AssertInvalidAsync(await bank.PostAsJsonAsync("/api/v1/hotline/reports", Report(new string('x', 201))), "title");
        await AssertInvalidAsync(await bank.PostAsJsonAsync("/api/v1/hotline/reports", new { @class = "cyber", severity = 5, title = "t", message = "m" }), "severity");
        // A linked report must be one of the sender's own: not a stranger's, not one that does not exist.
        using var power = await server.ApiClientAsync(PowerReporter);
        var powerReport = await Liaison.LiaisonApi.FileAsync(power, Liaison.LiaisonApi.Input(Liaison.LiaisonApi.Content("Power report", c =>
        {
            c["sectorCode"] = "electricity";
            c["criticalServices"] = new JsonArray("electricity-supply");
        })));
        await AssertInvalidAsync(await bank.PostAsJsonAsync("/api/v1/hotline/reports", Report("x", reportId: Liaison.LiaisonApi.IdOf(powerReport))), "reportId");
        await AssertInvalidAsync(await bank.PostAsJsonAsync("/api/v1/hotline/reports", Report("x", reportId: Guid.NewGuid())), "reportId");
        await using (var db = server.NewContext())
            Assert.False(await db.HotlineAlerts.AnyAsync(a => a.Title == "x"));

        // Its own report links; TLP defaults to AMBER.
        var own = await Liaison.LiaisonApi.FileAsync(bank, Liaison.LiaisonApi.Input());
        var linked = await RaiseAsync(bank, Report("Linked to our report", tlp: null, reportId: Liaison.LiaisonApi.IdOf(own)));
        Assert.Equal(Liaison.LiaisonApi.IdOf(own), linked["linkedReportId"]!.GetValue<Guid>());
        Assert.Equal("TLP:AMBER", linked["alert"]!["tlp"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_OperatorRaisesByForm_CoordinatorSeesItMarkedAsDirect(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bank = await server.SignInAsync(BankReporter);
        Assert.Contains("id=\"raise-report\"", await bank.GetStringAsync("/hotline"));
        // A readable error for bad input, and nothing sent.
        var bad = await KizunaTestServer.PostFormAsync(bank, "/hotline", "raise-report", new Dictionary<string, string>
        {
            ["Report.Class"] = "cyber", ["Report.Severity"] = "4", ["Report.Title"] = "", ["Report.Message"] = "m", ["Report.Tlp"] = "AMBER", ["Report.ReportId"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", badPage);
        Assert.Contains("The alert is invalid.", badPage);

        var posted = await KizunaTestServer.PostFormAsync(bank, "/hotline", "raise-report", new Dictionary<string, string>
        {
            ["Report.Class"] = "disaster", ["Report.Severity"] = "3", ["Report.Title"] = "Flooded data centre (form)", ["Report.Message"] = "Water in the server room.",
            ["Report.Tlp"] = "AMBER", ["Report.ReportId"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = Html.Location(posted)!;
        Assert.StartsWith("/hotline/", location);
        var id = Guid.Parse(location["/hotline/".Length..]);

        using var nisc = await server.SignInAsync(Nisc);
        var list = await nisc.GetStringAsync("/hotline");
        Assert.Contains("data-direction=\"up\"", list);
        Assert.Contains("Flooded data centre (form)", list);
        Assert.DoesNotContain("id=\"raise-report\"", list);
        var page = await nisc.GetStringAsync($"/hotline/{id}");
        Assert.Contains("id=\"alert-direction\"", page);
        Assert.Contains("id=\"acknowledge\"", page);
    }

    /// <summary>A 400 whose explanation names the field.</summary>
    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
        => Assert.Contains(field, Problems.Explanation(await Problems.AssertAsync(response, HttpStatusCode.BadRequest)), StringComparison.OrdinalIgnoreCase);

    private static async Task<JsonNode> GetJsonNodeAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
