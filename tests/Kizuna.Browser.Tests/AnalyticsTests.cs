using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>The analytics dashboard and the annual figures as the coordinator uses them, down to the downloaded report.</summary>
public sealed class AnalyticsTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private const string NiscAnalyst = "analyst@nisc.demo.kizuna.example";
    private static readonly string PowerReporter = DemoUsers.Of("AKEBONO-POWER", "reporter");

    [Fact]
    public async Task Dashboard_Coordinator_SeesChartsAndDownloadsAnnualReport()
    {
        // One electricity report this fiscal year, filed over the API.
        using (var power = await Server.ApiClientAsync(PowerReporter))
        {
            var now = DateTimeOffset.UtcNow;
            var filed = await power.PostAsJsonAsync("/api/v1/reports?submit=true", new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["sectorCode"] = "electricity", ["criticalServices"] = new JsonArray("electricity-supply"), ["eventTypes"] = new JsonArray("system-unavailable"),
                    ["causeTypes"] = new JsonArray("equipment-failure"), ["severityDuration"] = 2, ["severitySafety"] = 0,
                    ["occurredAt"] = now.AddHours(-3), ["detectedAt"] = now.AddHours(-2), ["timeZone"] = "Asia/Tokyo",
                    ["title"] = "Substation control fault", ["description"] = "Control network fault.", ["impact"] = "Local outage.",
                    ["actionsTaken"] = "Manual operation.", ["helpNeeded"] = "",
                },
                ["route"] = "ministry", ["identityDisclosure"] = "ministry", ["basis"] = "voluntary", ["tlp"] = "AMBER",
            });
            Assert.True(filed.IsSuccessStatusCode, await filed.Content.ReadAsStringAsync());
        }

        await SignInAsync(NiscAnalyst);
        var dashboard = await AnalyticsPage.OpenFromNavigationAsync(Page);
        await Expect(dashboard.ScopeNote).ToContainTextAsync("全分野");
        await dashboard.ShowAsync("quarter", "sector");
        await Expect(dashboard.BreakdownTable.Locator("tr[data-key='electricity'] td.num").Filter(new() { HasTextString = "1" })).ToHaveCountAsync(1);
        await dashboard.ShowCascadeAsync("electricity-supply");
        await Expect(dashboard.AtRisk.First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "analytics-ja");

        var annual = await dashboard.OpenAnnualAsync();
        await Expect(annual.SectorRow("electricity").Locator("td").Last).ToHaveTextAsync("1");
        await Expect(annual.Charts).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(Page, "annual-ja");

        var fy = FiscalCalendar.FiscalYearOf(DateTimeOffset.UtcNow);
        var (pdfName, pdf) = await annual.DownloadAsync("pdf");
        Assert.Equal($"kizuna-annual-fy{fy}.pdf", pdfName);
        var raw = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-1.7", raw);
        Assert.EndsWith("%%EOF\n", raw);
        var startxref = int.Parse(raw[(raw.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0]);
        Assert.StartsWith("xref", raw[startxref..]);
        // "年次集計" as the UTF-16 hex the report's text is written in.
        Assert.Contains("5E746B2196C68A08", raw);

        var (xlsxName, xlsx) = await annual.DownloadAsync("xlsx");
        Assert.Equal($"kizuna-annual-fy{fy}.xlsx", xlsxName);
        using var stream = new MemoryStream(xlsx);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var sheet = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "sector");
        var rows = ((WorksheetPart)doc.WorkbookPart.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
        var electricity = rows.Single(r => r.Elements<Cell>().First().InnerText == "electricity");
        Assert.Equal("1", electricity.Elements<Cell>().Last().CellValue!.Text);
    }
}
