using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Analytics;

/// <summary>
/// Trends and the annual figures (動向・年次集計) over a few real reports: exact counts for the
/// coordinator, the viewer's own sectors and thresholded counts for everyone else, the exports
/// (CSV, XLSX, PDF) as their readers open them, and the hunt for a single anonymized report in a
/// small sector. Each database gets its own server so the counts are exact.
/// </summary>
public sealed class TrendsTests
{
    private static readonly string WaterViewer = DemoUsers.Of("KIYORA-WATER");

    private sealed record Seeded(KizunaTestServer Server, string Pseudonym, string[] PowerNames);

    /// <summary>Two finance reports by the bank, one anonymized electricity report (the only one in its sector).</summary>
    private static async Task<Seeded> SeedAsync(DatabaseKind kind)
    {
        var server = await KizunaTestServer.StartAsync(kind);
        using var bank = await server.ApiClientAsync(Reporter);
        using var power = await server.ApiClientAsync(OtherReporter);
        await FileAsync(bank, Input(Content("t1")));
        await FileAsync(bank, Input(Content("t2", c => { c["eventTypes"] = new JsonArray("malware-infection", "system-unavailable"); c["causeTypes"] = new JsonArray("ddos", "unknown"); })));
        var lone = await FileAsync(power, Input(Content("Substation control fault", c =>
        {
            c["sectorCode"] = "electricity";
            c["criticalServices"] = new JsonArray("electricity-supply");
            c["eventTypes"] = new JsonArray("system-unavailable");
            c["causeTypes"] = new JsonArray("equipment-failure");
            c["severityDuration"] = 3;
        }), disclosure: "none"));
        await using var db = server.NewContext();
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == "AKEBONO-POWER");
        return new Seeded(server, lone["pseudonym"]!.GetValue<string>(), [org.Code, org.NameJa, org.NameEn]);
    }

    private static string Cell(JsonNode trends, string period, params (string Dim, string Value)[] keys)
        => trends["cells"]!.AsArray().SingleOrDefault(c => c!["period"]!.GetValue<string>() == period && keys.All(k => c["keys"]![k.Dim]!.GetValue<string>() == k.Value))
               ?["count"]!["display"]!.GetValue<string>() ?? "0";

    private static string Band(JsonNode distribution, string key)
        => distribution["bands"]!.AsArray().Single(b => b!["key"]!.GetValue<string>() == key)!["count"]!["display"]!.GetValue<string>();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Trends_ThreeReports_ExactForCoordinatorScopedAndThresholdedForOthers(DatabaseKind kind)
    {
        var seeded = await SeedAsync(kind);
        await using var server = seeded.Server;
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bank = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        var quarter = FiscalCalendar.PeriodKey(DateTimeOffset.UtcNow, TrendGranularity.Quarter);

        var exact = await JsonAsync(await nisc.GetAsync("/api/v1/analytics/trends?by=quarter&dims=sector,severity"), HttpStatusCode.OK);
        Assert.False(exact["suppressed"]!.GetValue<bool>());
        Assert.Null(exact["scopeSectors"]);
        Assert.Equal(3, exact["total"]!["value"]!.GetValue<int>());
        Assert.Equal("2", Cell(exact, quarter, ("sector", "finance"), ("severity", "2")));
        Assert.Equal("1", Cell(exact, quarter, ("sector", "electricity"), ("severity", "3")));
        Assert.Equal("0", Cell(exact, quarter, ("sector", "water"), ("severity", "2")));
        Assert.Equal(3, exact["periods"]!.AsArray().Sum(p => p!["total"]!["value"]!.GetValue<int>()));
        // Detected 4 hours before the 第1報; occurred 5 hours and recovered 1 hour before it.
        Assert.Equal("3", Band(exact["timeToReport"]!, "1h-6h"));
        Assert.Equal("3", Band(exact["timeToRecover"]!, "1h-6h"));
        Assert.Equal(4.0, exact["timeToRecover"]!["medianHours"]!.GetValue<double>(), 1);

        var events = await JsonAsync(await nisc.GetAsync("/api/v1/analytics/trends?by=fy&dims=event_type&sector=finance"), HttpStatusCode.OK);
        var fy = $"FY{FiscalCalendar.FiscalYearOf(DateTimeOffset.UtcNow)}";
        Assert.Equal("2", Cell(events, fy, ("event_type", "system-unavailable")));
        Assert.Equal("1", Cell(events, fy, ("event_type", "malware-infection")));
        Assert.Equal(2, events["total"]!["value"]!.GetValue<int>());

        foreach (var client in new[] { bank, fsa })
        {
            var shown = await JsonAsync(await client.GetAsync("/api/v1/analytics/trends?by=quarter&dims=sector"), HttpStatusCode.OK);
            Assert.True(shown["suppressed"]!.GetValue<bool>());
            Assert.Equal(["finance"], shown["scopeSectors"]!.AsArray().Select(s => s!.GetValue<string>()));
            Assert.Equal("<3", shown["total"]!["display"]!.GetValue<string>());
            Assert.Equal("<3", Cell(shown, quarter, ("sector", "finance")));
            Assert.Equal(["finance"], shown["dimensions"]![0]!["values"]!.AsArray().Select(v => v!["code"]!.GetValue<string>()));
            Assert.Equal("<3", Band(shown["timeToReport"]!, "1h-6h"));
            Assert.Null(shown["timeToReport"]!["medianHours"]);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Trends_TwoRangesOneDayApart_SameAnswerForNonCoordinator(DatabaseKind kind)
    {
        // Four finance reports in May 2025: three on the 10th, one on the 20th. Counts of 3 and 4 are both over the threshold,
        // so counting 1–19 May and 1–20 May as asked would tell the bank's ministry that exactly one report came on the 20th.
        await using var server = await KizunaTestServer.StartAsync(kind);
        using var bank = await server.ApiClientAsync(Reporter);
        var days = new[] { 10, 10, 10, 20 };
        var ids = new List<Guid>();
        foreach (var day in days) ids.Add(IdOf(await FileAsync(bank, Input(Content($"May {day}")))));
        await using (var db = server.NewContext())
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                var at = new DateTimeOffset(2025, 5, days[i], 12, 0, 0, Kizuna.Core.Jst.Offset);
                await db.Reports.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.FirstSubmittedAt, at), TestContext.Current.CancellationToken);
            }
        using var fsa = await server.ApiClientAsync(Fsa);
        foreach (var (by, period) in new[] { ("month", "2025-05"), ("quarter", "FY2025-Q1"), ("fy", "FY2025") })
        {
            var before = await (await fsa.GetAsync($"/api/v1/analytics/trends?by={by}&dims=sector&from=2025-05-01&to=2025-05-19")).Content.ReadAsStringAsync();
            var after = await (await fsa.GetAsync($"/api/v1/analytics/trends?by={by}&dims=sector&from=2025-05-01&to=2025-05-20")).Content.ReadAsStringAsync();
            var later = await (await fsa.GetAsync($"/api/v1/analytics/trends?by={by}&dims=sector&from=2025-05-11&to=2025-05-20")).Content.ReadAsStringAsync();
            Assert.Equal(before, after);
            Assert.Equal(before, later);
            var answer = JsonNode.Parse(before)!;
            Assert.True(answer["suppressed"]!.GetValue<bool>());
            Assert.Equal("4", Cell(answer, period, ("sector", "finance")));
            Assert.Equal("0", answer["advisoryReach"]!["advisories"]!["display"]!.GetValue<string>());
            var counted = FiscalCalendar.Periods(DateOnly.Parse(answer["from"]!.GetValue<string>()), DateOnly.Parse(answer["to"]!.GetValue<string>()), by);
            Assert.Equal([period], counted.Select(p => p.Key));
            Assert.Equal(FiscalCalendar.FirstDayOfPeriod(new DateOnly(2025, 5, 1), by), DateOnly.Parse(answer["from"]!.GetValue<string>()));
            Assert.Equal(FiscalCalendar.LastDayOfPeriod(new DateOnly(2025, 5, 1), by), DateOnly.Parse(answer["to"]!.GetValue<string>()));
        }

        // The dashboard says which range it counted.
        using var session = await server.SignInAsync(Fsa);
        var page = await session.GetStringAsync("/analytics?from=2025-05-11&to=2025-05-20&by=month");
        Assert.Contains("id=\"trend-range-widened\"", page);
        Assert.Contains("2025-05-01 – 2025-05-31", page);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Annual_ThreeReports_TablesAndExportsOpenAndAgree(DatabaseKind kind)
    {
        var seeded = await SeedAsync(kind);
        await using var server = seeded.Server;
        using var nisc = await server.ApiClientAsync(Nisc);
        var now = DateTimeOffset.UtcNow;
        var fy = FiscalCalendar.FiscalYearOf(now);
        var q = FiscalCalendar.Quarter(now);

        var json = await JsonAsync(await nisc.GetAsync($"/api/v1/analytics/annual/{fy}"), HttpStatusCode.OK);
        var totals = json["bySector"]!["totals"]!;
        Assert.Equal(3, totals["total"]!["value"]!.GetValue<int>());
        Assert.Equal(3, totals["quarters"]![q - 1]!["value"]!.GetValue<int>());
        var electricity = json["bySector"]!["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "electricity")!;
        Assert.Equal(1, electricity["total"]!["value"]!.GetValue<int>());
        Assert.Null(json["byEventType"]!["totals"]);

        var csv = ExportFiles.Csv(await Download(nisc, $"/api/v1/analytics/annual/{fy}.csv", "text/csv"));
        Assert.Equal(["table", "key", "name_ja", "name_en", "q1", "q2", "q3", "q4", "total"], csv[0]);
        var csvTotal = csv.Single(l => l[0] == "sector" && l[1] == "total");
        Assert.Equal("3", csvTotal[8]);
        Assert.Equal("3", csvTotal[3 + q]);
        Assert.Equal("3", csv.Single(l => l[0] == "event_type" && l[1] == "system-unavailable")[8]);
        Assert.Equal("1", csv.Single(l => l[0] == "event_type" && l[1] == "malware-infection")[8]);
        Assert.Equal("電力", csv.Single(l => l[0] == "sector" && l[1] == "electricity")[2]);

        var xlsx = ExportFiles.Xlsx(await Download(nisc, $"/api/v1/analytics/annual/{fy}?format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Assert.Equal(["about", "sector", "event_type", "cause_type", "advisories", "exercises", "drills"], xlsx.Keys);
        Assert.Equal("3", xlsx["sector"].Single(r => r[0] == "total")[7]);
        Assert.Equal("1", xlsx["cause_type"].Single(r => r[0] == "equipment-failure")[7]);

        var pdf = ExportFiles.Pdf(await Download(nisc, $"/api/v1/analytics/annual/{fy}.pdf?lang=ja", "application/pdf"));
        Assert.Contains($"{fy}年度 年次集計", pdf);
        Assert.Contains("分野別・四半期別の情報連絡件数", pdf);
        Assert.Contains("電力", pdf);
        var english = ExportFiles.Pdf(await Download(nisc, $"/api/v1/analytics/annual/{fy}.pdf?lang=en", "application/pdf"));
        Assert.Contains($"FY{fy} annual figures", english);
        Assert.Contains("Liaison reports by sector and quarter", english);

        // The pages show the same figures, and the charts carry titles for screen readers.
        using var session = await server.SignInAsync(Nisc);
        var annualPage = await session.GetStringAsync($"/analytics/annual?fy={fy}");
        Assert.Contains("id=\"annual-sector\"", annualPage);
        Assert.Contains("<svg", annualPage);
        Assert.Contains("<title id=\"chart-annual-0-title\">", annualPage);
        var dashboard = await session.GetStringAsync("/analytics?by=quarter&dim=sector&service=electricity-supply");
        Assert.Contains("id=\"chart-trend-total\"", dashboard);
        Assert.Contains("id=\"trend-table\"", dashboard);
        Assert.Contains("id=\"cascade-at-risk\"", dashboard);
        var redirected = await session.GetAsync($"/statistics?fy={fy}");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.EndsWith($"/analytics/annual?fy={fy}", redirected.Headers.Location!.OriginalString);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task LeakHunt_LoneAnonymizedReportInSmallSector_NotIdentifiableOutsideItsSector(DatabaseKind kind)
    {
        var seeded = await SeedAsync(kind);
        await using var server = seeded.Server;
        var fy = FiscalCalendar.FiscalYearOf(DateTimeOffset.UtcNow);
        var outputs = new List<(string Who, string What, string Text)>();

        foreach (var who in new[] { Reporter, Fsa, WaterViewer, Ceptoar })
        {
            using var api = await server.ApiClientAsync(who);
            using var session = await server.SignInAsync(who);
            foreach (var path in new[] { "/api/v1/analytics/trends?by=month&dims=sector,event_type", "/api/v1/analytics/trends?by=quarter&dims=cause_type,severity",
                         "/api/v1/analytics/trends?format=csv&dims=sector", $"/api/v1/analytics/annual/{fy}", $"/api/v1/analytics/annual/{fy}.csv", $"/api/v1/statistics/liaison?fy={fy}" })
                outputs.Add((who, path, Encoding.UTF8.GetString(await Download(api, path, null))));
            outputs.Add((who, "xlsx", string.Join("\n", ExportFiles.Xlsx(await Download(api, $"/api/v1/analytics/annual/{fy}.xlsx", null)).Values.SelectMany(s => s).Select(r => string.Join(",", r)))));
            outputs.Add((who, "pdf-ja", ExportFiles.Pdf(await Download(api, $"/api/v1/analytics/annual/{fy}.pdf?lang=ja", null))));
            outputs.Add((who, "pdf-en", ExportFiles.Pdf(await Download(api, $"/api/v1/analytics/annual/{fy}.pdf?lang=en", null))));
            foreach (var page in new[] { "/analytics?dim=sector", "/analytics?dim=cause_type&by=quarter", $"/analytics/annual?fy={fy}" })
                outputs.Add((who, page, await session.GetStringAsync(page)));
        }

        foreach (var (who, what, text) in outputs)
        {
            // Not a count, not a row, not a name of the electricity sector: the report is outside every one of these viewers' scopes.
            Assert.False(text.Contains("electricity", StringComparison.Ordinal) && !what.StartsWith("/analytics?", StringComparison.Ordinal),
                $"{who} {what} mentions the electricity sector.");
            Assert.DoesNotContain("data-key=\"electricity\"", text);
            foreach (var secret in seeded.PowerNames.Append(seeded.Pseudonym))
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{who} {what} shows '{secret}'.");
        }
        // Its cause type is the only equipment failure of the year: no viewer outside its sector counts it.
        foreach (var (_, _, text) in outputs.Where(o => o.What == $"/api/v1/analytics/annual/{fy}"))
            Assert.Equal("0", JsonNode.Parse(text)!["byCauseType"]!["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "equipment-failure")!["total"]!["display"]!.GetValue<string>());

        // The coordinator sees the exact count, and still no identity.
        using var nisc = await server.ApiClientAsync(Nisc);
        var exact = Encoding.UTF8.GetString(await Download(nisc, $"/api/v1/analytics/annual/{fy}", null));
        Assert.Contains("\"electricity\"", exact);
        foreach (var secret in seeded.PowerNames.Append(seeded.Pseudonym)) Assert.DoesNotContain(secret, exact);
    }

    private static async Task<byte[]> Download(HttpClient client, string path, string? contentType)
    {
        var response = await client.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        if (contentType is not null) Assert.StartsWith(contentType, response.Content.Headers.ContentType!.ToString());
        return bytes;
    }
}
