using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Liaison;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Liaison;

/// <summary>
/// Deadlines under a legal basis (banking-act: 第1報 within 24 hours of detection, 最終報 within 30
/// days) and the liaison statistics (counts by fiscal year, quarter, event, cause and sector, with
/// small cells shown as "&lt;3" to all but the coordinator, and only the viewer's sectors outside the coordinator). Each database gets its own server so
/// the counts are exact.
/// </summary>
public sealed class LiaisonDeadlineAndStatisticsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static JsonObject Legal(JsonObject content) => Input(content, change: i => { i["basis"] = "legal"; i["legalBasisCode"] = "banking-act"; });

    private static JsonObject DetectedDaysAgo(string title, double days)
        => Content(title, c =>
        {
            var detected = DateTimeOffset.UtcNow.AddDays(-days);
            c["occurredAt"] = detected.AddHours(-1);
            c["detectedAt"] = detected;
            c["recoveredAt"] = detected.AddHours(2);
        });

    private static async Task<List<JsonNode>> ListAsync(HttpClient client, string query)
        => (await JsonAsync(await client.GetAsync($"/api/v1/reports?pageSize=200&{query}"), HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!).ToList();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Deadlines_LegalBasisTwoDaysAfterDetection_OverdueUntilFirstReportThenFinalDue(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);

        var draft = await JsonAsync(await reporter.PostAsJsonAsync("/api/v1/reports", Legal(DetectedDaysAgo("Late first report", 2))), HttpStatusCode.Created);
        var id = IdOf(draft);
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.True(draft["overdue"]!.GetValue<bool>());
        Assert.Equal("first", draft["nextDueKind"]!.GetValue<string>());
        var overdue = await ListAsync(reporter, "overdue=true");
        var row = Assert.Single(overdue, r => r["id"]!.GetValue<Guid>() == id);
        Assert.True(row["overdue"]!.GetValue<bool>());
        Assert.Equal("first", row["nextDueKind"]!.GetValue<string>());

        var submitted = await JsonAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "first" }), HttpStatusCode.OK);
        Assert.False(submitted["overdue"]!.GetValue<bool>());
        Assert.Equal("final", submitted["nextDueKind"]!.GetValue<string>());
        await using (var db = server.NewContext())
        {
            var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == id);
            Assert.Equal(report.DetectedAt!.Value.AddDays(30), report.NextDueAt);
            Assert.Equal("final", report.NextDueKind);
        }
        Assert.DoesNotContain(await ListAsync(reporter, "overdue=true"), r => r["id"]!.GetValue<Guid>() == id);
        Assert.DoesNotContain(await ListAsync(fsa, "overdue=true"), r => r["id"]!.GetValue<Guid>() == id);

        // 31 days after detection the final is overdue, and the ministry sees that.
        var late = IdOf(await FileAsync(reporter, Legal(DetectedDaysAgo("Late final report", 31))));
        var lateRow = Assert.Single(await ListAsync(fsa, "overdue=true"), r => r["id"]!.GetValue<Guid>() == late);
        Assert.Equal("final", lateRow["nextDueKind"]!.GetValue<string>());
        // The final clears the deadline.
        await JsonAsync(await PostAsync(reporter, $"/api/v1/reports/{late}/submit", new { kind = "final", report = Legal(DetectedDaysAgo("Late final report", 31)) }), HttpStatusCode.OK);
        Assert.DoesNotContain(await ListAsync(fsa, "overdue=true"), r => r["id"]!.GetValue<Guid>() == late);

        // A voluntary report has no deadline.
        var voluntary = await FileAsync(reporter, Input(DetectedDaysAgo("Voluntary", 40)));
        Assert.Null(voluntary["nextDueAt"]);
        Assert.False(voluntary["overdue"]!.GetValue<bool>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Statistics_AfterAFewReports_CountsExactForCoordinatorSuppressedForOthers(DatabaseKind kind)
    {
        await using var server = await KizunaTestServer.StartAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var power = await server.ApiClientAsync(OtherReporter);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);

        await FileAsync(reporter, Input(Content("s1")));
        await FileAsync(reporter, Input(Content("s2", c => { c["eventTypes"] = new JsonArray("malware-infection", "system-unavailable"); c["causeTypes"] = new JsonArray("ddos", "unknown"); })));
        await FileAsync(power, Input(Content("s3", c =>
        {
            c["sectorCode"] = "electricity";
            c["criticalServices"] = new JsonArray("electricity-supply");
            c["eventTypes"] = new JsonArray("system-unavailable");
            c["causeTypes"] = new JsonArray("equipment-failure");
        })));
        // A draft is no report yet.
        await JsonAsync(await reporter.PostAsJsonAsync("/api/v1/reports", Input(Content("draft only"))), HttpStatusCode.Created);

        var now = DateTimeOffset.UtcNow;
        var fy = LiaisonStatisticsHandler.FiscalYearOf(now);
        var quarter = $"Q{LiaisonStatisticsHandler.Quarter(now)}";

        var exact = await JsonAsync(await nisc.GetAsync($"/api/v1/statistics/liaison?fy={fy}"), HttpStatusCode.OK);
        Assert.Equal(fy, exact["fiscalYear"]!.GetValue<int>());
        Assert.False(exact["suppressed"]!.GetValue<bool>());
        Assert.Equal(3, exact["total"]!["value"]!.GetValue<int>());
        Assert.Equal("3", Cell(exact, "byQuarter", quarter));
        Assert.Equal("3", Cell(exact, "byEventType", "system-unavailable"));
        Assert.Equal("1", Cell(exact, "byEventType", "malware-infection"));
        Assert.Equal("0", Cell(exact, "byEventType", "near-miss"));
        Assert.Equal("2", Cell(exact, "byCauseType", "ddos"));
        Assert.Equal("1", Cell(exact, "byCauseType", "unknown"));
        Assert.Equal("1", Cell(exact, "byCauseType", "equipment-failure"));
        Assert.Equal("2", Cell(exact, "bySector", "finance"));
        Assert.Equal("1", Cell(exact, "bySector", "electricity"));
        Assert.Equal(4, exact["byQuarter"]!.AsArray().Count);
        Assert.Equal(3, exact["byQuarter"]!.AsArray().Sum(q => q!["count"]!["value"]!.GetValue<int>()));

        // Outside the coordinator: only the viewer's sectors (the FSA's and the bank's: finance), thresholded.
        foreach (var client in new[] { fsa, reporter })
        {
            var shown = await JsonAsync(await client.GetAsync($"/api/v1/statistics/liaison?fy={fy}"), HttpStatusCode.OK);
            Assert.True(shown["suppressed"]!.GetValue<bool>());
            Assert.Equal("<3", shown["total"]!["display"]!.GetValue<string>());
            Assert.Null(shown["total"]!["value"]);
            Assert.Equal(["finance"], shown["bySector"]!.AsArray().Select(r => r!["key"]!.GetValue<string>()));
            Assert.Equal("<3", Cell(shown, "bySector", "finance"));
            Assert.Equal("<3", Cell(shown, "byEventType", "malware-infection"));
            Assert.Equal("<3", Cell(shown, "byEventType", "system-unavailable"));
            Assert.Equal("0", Cell(shown, "byEventType", "near-miss"));
            Assert.Equal("<3", Cell(shown, "byCauseType", "ddos"));
            Assert.Equal("0", Cell(shown, "byCauseType", "equipment-failure"));
            var finance = shown["bySector"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "finance")!;
            Assert.Null(finance["count"]!["value"]);
        }

        var previous = await JsonAsync(await nisc.GetAsync($"/api/v1/statistics/liaison?fy={fy - 1}"), HttpStatusCode.OK);
        Assert.Equal(0, previous["total"]!["value"]!.GetValue<int>());
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/statistics/liaison?fy=abc"), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/statistics/liaison?fy=1999"), HttpStatusCode.BadRequest);
    }

    private static string Cell(JsonNode stats, string table, string key)
        => stats[table]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == key)!["count"]!["display"]!.GetValue<string>();
}
